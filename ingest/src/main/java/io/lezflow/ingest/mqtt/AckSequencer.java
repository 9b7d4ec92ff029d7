package io.lezflow.ingest.mqtt;

import java.util.ArrayDeque;
import java.util.Objects;

/**
 * Acknowledges inbound MQTT messages to the broker in the order they arrived, each only once it
 * is safe, and never on a connection other than the one that delivered it.
 *
 * <p>Why in order: MQTT requires PUBACKs in the order of the PUBLISHes (MQTT-4.6.0-2), while
 * Kafka acknowledges sends per partition, i.e. out of order. A safe message therefore waits for
 * every earlier one.
 *
 * <p>Why connection epochs: after a reconnect the broker resends unacknowledged messages and may
 * reuse their packet ids for other messages once acknowledged. A PUBACK for a packet id of an old
 * connection could then acknowledge a different, not yet safe message. Messages of an old
 * connection are therefore never acknowledged: the broker redelivers them and the duplicate is
 * removed downstream by read_id.
 *
 * <p>Thread-safe. The acknowledger is called under this object's lock, in arrival order.
 */
public final class AckSequencer {

  /** Sends one acknowledgement to the broker; must not block for long. */
  public interface Acknowledger {
    void acknowledge(int messageId, int qos);
  }

  /** One message between arrival and acknowledgement. */
  public static final class Ticket {
    final int messageId;
    final int qos;
    final long epoch;
    private boolean safe;

    private Ticket(int messageId, int qos, long epoch) {
      this.messageId = messageId;
      this.qos = qos;
      this.epoch = epoch;
    }
  }

  private final Acknowledger acknowledger;
  private final ArrayDeque<Ticket> pending = new ArrayDeque<>();
  private long epoch;
  private long skippedStale;

  public AckSequencer(Acknowledger acknowledger) {
    this.acknowledger = Objects.requireNonNull(acknowledger, "acknowledger");
  }

  /** Records an arrival; call in arrival order (the MQTT callback thread does). */
  public synchronized Ticket register(int messageId, int qos) {
    Ticket ticket = new Ticket(messageId, qos, epoch);
    pending.addLast(ticket);
    return ticket;
  }

  /**
   * Marks a message safe and acknowledges every safe message at the head of the arrival order.
   *
   * @return how many messages left the sequence (acknowledged or, for old connections, released)
   */
  public synchronized int markSafe(Ticket ticket) {
    if (ticket.safe) return 0;
    ticket.safe = true;
    int released = 0;
    while (!pending.isEmpty() && pending.peekFirst().safe) {
      Ticket head = pending.pollFirst();
      released++;
      if (head.epoch != epoch) {
        skippedStale++;
      } else if (head.qos > 0) {
        acknowledger.acknowledge(head.messageId, head.qos);
      }
    }
    return released;
  }

  /** The connection that delivered the pending messages is gone; never acknowledge them. */
  public synchronized void connectionLost() {
    epoch++;
  }

  /** Messages received and not yet released. */
  public synchronized int pending() {
    return pending.size();
  }

  /** Messages of lost connections that were safe but left unacknowledged (the broker resends). */
  public synchronized long skippedStale() {
    return skippedStale;
  }
}
