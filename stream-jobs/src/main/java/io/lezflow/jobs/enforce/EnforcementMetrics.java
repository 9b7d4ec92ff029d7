package io.lezflow.jobs.enforce;

import io.lezflow.jobs.metrics.LatencyHistogram;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/** The enforcement operator's counters, kept out of the operator so it reads as routing only. */
final class EnforcementMetrics {
  private final MetricGroup group;
  private final Map<String, Counter> decidedByOutcome = new HashMap<>();
  /** Capture -> decision (wall clock) of every decided read; null in a replay, where it is meaningless. */
  private final LatencyHistogram decisionLatency;
  final Counter lateReads;
  final Counter duplicateReads;
  final Counter violationsIssued;
  final Counter violationsForReview;
  final Counter warnings;
  final Counter candidatesDropped;
  final Counter finaliseFailures;
  final Counter policiesAccepted;
  final Counter policiesRejected;
  final Counter cameraChanges;
  final Counter historyLoaded;
  final Counter unusablePayloads;

  EnforcementMetrics(MetricGroup group, boolean live) {
    this.group = group;
    lateReads = group.counter("lez_enforcement_late_reads_total");
    duplicateReads = group.counter("lez_enforcement_duplicate_reads_total");
    violationsIssued = group.counter("lez_enforcement_violations_issued_total");
    violationsForReview = group.counter("lez_enforcement_violations_for_review_total");
    warnings = group.counter("lez_enforcement_warnings_total");
    candidatesDropped = group.counter("lez_enforcement_candidates_dropped_total");
    finaliseFailures = group.counter("lez_enforcement_finalise_failures_total");
    policiesAccepted = group.counter("lez_enforcement_policies_accepted_total");
    policiesRejected = group.counter("lez_enforcement_policies_rejected_total");
    cameraChanges = group.counter("lez_enforcement_camera_changes_total");
    historyLoaded = group.counter("lez_enforcement_history_entries_loaded_total");
    unusablePayloads = group.counter("lez_enforcement_unusable_payloads_total");
    decisionLatency = live ? group.histogram(EnforcementFunction.DECISION_LATENCY_METRIC, LatencyHistogram.decisionLatency()) : null;
  }

  void decided(String outcome) {
    decidedByOutcome.computeIfAbsent(outcome,
        o -> group.addGroup("outcome", o.toLowerCase()).counter("lez_enforcement_reads_decided_total")).inc();
  }

  void decisionLatency(long ms) {
    if (decisionLatency != null) decisionLatency.update(ms);
  }
}
