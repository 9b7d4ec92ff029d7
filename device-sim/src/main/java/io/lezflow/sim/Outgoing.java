package io.lezflow.sim;

import io.lezflow.schemas.v1.PlateRead;
import java.time.LocalDate;

/**
 * A message waiting in a camera's buffer until the broker acknowledges it: a plate read or a
 * heartbeat. A read keeps its first publish time across retries ({@code published_at_ms} means
 * "first tried", see the schema).
 */
sealed interface Outgoing permits Outgoing.Read, Outgoing.Status {

  /** A plate read; its payload is serialised when the camera first tries to publish it. */
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

    String readId() {
      return capture.getReadId();
    }

    long sequence() {
      return capture.getSequence();
    }
  }

  /** A heartbeat, serialised when it is due. */
  record Status(byte[] payload) implements Outgoing {}
}
