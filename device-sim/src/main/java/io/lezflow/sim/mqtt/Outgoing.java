package io.lezflow.sim.mqtt;

import io.lezflow.schemas.v1.PlateRead;
import java.time.LocalDate;

/**
 * A message a camera hands to Paho and keeps until the broker acknowledges it: a plate read (which
 * waits in the camera's buffer first) or a heartbeat (built when it is sent, so it reports the
 * camera's state at that moment).
 */
sealed interface Outgoing permits Outgoing.Read, Outgoing.Status {

  /**
   * A plate read. Its capture time is stamped when it is captured and never changes; its payload
   * is serialised, with {@code published_at_ms}, when the camera first hands it to Paho ("first
   * tried", see the schema), and then kept, so a resend after a lost connection carries the same
   * bytes.
   */
  final class Read implements Outgoing {
    final PlateRead capture;
    final int vehicleIndex;
    final LocalDate captureDay;
    private byte[] payload;

    Read(PlateRead capture, int vehicleIndex, LocalDate captureDay) {
      this.capture = capture;
      this.vehicleIndex = vehicleIndex;
      this.captureDay = captureDay;
    }

    /** Called only by the camera's single drainer, so no synchronisation is needed. */
    byte[] payload(long nowMs) {
      if (payload == null) {
        payload = capture.toBuilder().setPublishedAtMs(nowMs).build().toByteArray();
      }
      return payload;
    }

    /** Paho refused the hand-over (not connected, window full): the read was not tried after all. */
    void notHandedOver(boolean firstTry) {
      if (firstTry) payload = null;
    }

    boolean everHandedOver() {
      return payload != null;
    }

    String readId() {
      return capture.getReadId();
    }

    long sequence() {
      return capture.getSequence();
    }
  }

  /** A heartbeat, serialised when it is sent. */
  record Status(byte[] payload) implements Outgoing {}
}
