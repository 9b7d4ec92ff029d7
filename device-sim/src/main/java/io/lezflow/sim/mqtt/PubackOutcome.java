package io.lezflow.sim.mqtt;

/**
 * What an MQTT 5 PUBACK reason code means for a camera's QoS 1 publish.
 *
 * <p>Invariant: only {@link #DELIVERED} lets a read count as acknowledged. A PUBACK is the broker
 * taking the message, not someone receiving it: with reason 0x10 "No matching subscribers" the
 * broker accepted the message and dropped it (Mosquitto 2.0 answers that after a restart until the
 * ingest gateway's shared subscription is back, because it does not persist shared subscriptions),
 * so the camera must keep the read and publish it again.
 */
enum PubackOutcome {
  /** 0x00 Success: a subscriber matched, the broker owns the delivery from here. */
  DELIVERED,
  /**
   * 0x10 No matching subscribers: accepted and delivered to nobody; publish again later. Any other
   * code below 0x80 lands here too: MQTT 5 defines none for PUBACK, and a read may count as
   * delivered only on a plain Success.
   */
  NOT_DELIVERED_RETRY,
  /** 0x80 and above: the broker refused the message (not authorised, topic invalid, quota...); retrying would not help. */
  REFUSED;

  static final int SUCCESS = 0x00;
  static final int NO_MATCHING_SUBSCRIBERS = 0x10;
  /** MQTT 5: reason codes from 0x80 up are errors. */
  static final int FIRST_ERROR = 0x80;

  /**
   * @param reasonCode the PUBACK's reason code, one byte (a PUBACK without one means Success, MQTT 5
   *     section 3.4.2.1; Paho reports it as 0x00)
   * @throws IllegalArgumentException if the code is not a byte: no broker can send that
   */
  static PubackOutcome of(int reasonCode) {
    if (reasonCode < 0 || reasonCode > 0xFF) {
      throw new IllegalArgumentException("a PUBACK reason code is one byte (0x00-0xFF), got " + reasonCode);
    }
    if (reasonCode == SUCCESS) return DELIVERED;
    if (reasonCode >= FIRST_ERROR) return REFUSED;
    return NOT_DELIVERED_RETRY;
  }
}
