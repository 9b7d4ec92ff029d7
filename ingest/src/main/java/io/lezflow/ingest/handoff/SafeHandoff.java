package io.lezflow.ingest.handoff;

import io.lezflow.ingest.routing.OutboundRecord;
import java.time.Duration;

/**
 * The place an inbound message's record goes before its MQTT acknowledgement. The gateway
 * acknowledges a message to the broker only after {@code whenSafe} ran: this is what makes a
 * crash between the two lose nothing.
 *
 * <p>The implementation ({@link OutboxHandoff}) is safe once the outbox's write-ahead log holds
 * the record (fsynced), and forwards it to Kafka afterwards.
 */
public interface SafeHandoff extends AutoCloseable {

  /**
   * @param alive its threads run (liveness)
   * @param belowBound it takes records without holding them back (readiness)
   * @param depth records held and not yet acknowledged by their destination
   */
  record Health(boolean alive, boolean belowBound, long depth) {}

  /** For the readiness and liveness probes. */
  default Health health() {
    return new Health(true, true, 0);
  }

  /**
   * Takes the record; must not block the caller (an MQTT callback thread). Calls {@code whenSafe}
   * exactly once, from any thread, when the record can no longer be lost; until then it keeps
   * trying (a failing destination delays the acknowledgement, it never drops the record).
   */
  void handOff(OutboundRecord record, Runnable whenSafe);

  /** Stops taking records and gives pending ones at most {@code timeout} to become safe. */
  void close(Duration timeout);

  @Override
  default void close() {
    close(Duration.ofSeconds(10));
  }
}
