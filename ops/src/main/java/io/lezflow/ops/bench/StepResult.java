package io.lezflow.ops.bench;

import java.util.Map;

/**
 * The figures of one step of {@code lezflow bench}: a constant open-loop rate held for the step.
 *
 * @param targetRate reads/s the load generator was asked for
 * @param generatedRate reads/s it generated (below the target only when the generator itself fell behind)
 * @param decidedRate reads/s decided (a sighting in PostgreSQL) over the measured window: sustained throughput
 * @param p50Ms camera->decision latency percentiles, from the intended send time (captured_at) to the sighting's insert
 * @param undecided reads of the window not decided when the step ended (in the percentiles at a lower-bound latency)
 * @param backlogStartReads reads generated and not yet decided, at the start of the measured window
 * @param backlogEndReads the same at its end
 * @param kafkaLagEndReads reads in Kafka not yet decided at the end of the window
 * @param cpuPercent CPU per process over the window (100 = one core)
 * @param peakRssMb peak resident memory per process during the step, MiB
 */
public record StepResult(double targetRate, double generatedRate, double decidedRate, double p50Ms, double p90Ms, double p99Ms,
    double p999Ms, double maxMs, long undecided, long backlogStartReads, long backlogEndReads, long kafkaLagEndReads,
    double windowSeconds, Map<String, Double> cpuPercent, Map<String, Double> peakRssMb) {

  /** Lag flat: the backlog grew by less than one second of the target rate over the window (or less than 2,000 reads). */
  public boolean lagFlat() {
    return backlogEndReads - backlogStartReads <= Math.max(2_000, targetRate);
  }

  /** The system carried the step: lag flat, p99 under 1 s and at least 95 % of the target decided per second. */
  public boolean sustained() {
    return lagFlat() && p99Ms < 1_000 && decidedRate >= 0.95 * targetRate;
  }
}
