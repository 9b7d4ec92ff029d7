package io.lezflow.jobs.kafka;

import org.slf4j.Logger;

/**
 * Logs rejected Kafka records by coordinates (topic, partition, offset) and reason, never by
 * content: the payload may hold a plate. The first few are logged, then one in a thousand, so a
 * poisoned topic cannot flood the log; the counters carry the full numbers.
 */
final class RejectionLog {
  private static final int ALWAYS_LOGGED = 10;
  private static final int THEN_EVERY = 1000;

  private long rejected;

  void log(Logger log, String topic, int partition, long offset, Object reason, Throwable cause) {
    rejected++;
    if (rejected <= ALWAYS_LOGGED || rejected % THEN_EVERY == 0) {
      log.warn(
          "skipped record {}-{}@{}: {} ({} skipped so far by this reader; the record stays in Kafka){}",
          topic, partition, offset, reason, rejected, cause == null ? "" : ": " + cause.getClass().getSimpleName());
    }
  }
}
