package io.lezflow.jobs.enforce;

import static io.lezflow.jobs.enforce.EnforcementFunction.HISTORY;
import static io.lezflow.jobs.enforce.EnforcementFunction.LATE_READS;
import static io.lezflow.jobs.enforce.EnforcementFunction.SIGHTINGS;
import static io.lezflow.jobs.enforce.EnforcementFunction.VIOLATIONS;
import static io.lezflow.jobs.enforce.EnforcementFunction.VIOLATION_LIFECYCLE;

import io.lezflow.jobs.kafka.WireMapping;
import io.lezflow.jobs.records.DecisionRecord;
import io.lezflow.jobs.records.ReadEvent;
import io.lezflow.jobs.records.Sighting;
import io.lezflow.rules.decision.Candidate;
import io.lezflow.rules.decision.Decision;
import io.lezflow.rules.decision.DropReason;
import io.lezflow.rules.decision.FinalDecision;
import io.lezflow.rules.decision.Outcome;
import io.lezflow.rules.facts.VehicleMatch;
import io.lezflow.rules.ledger.HistoryEntry;
import io.lezflow.rules.policy.ZonePolicy;
import io.lezflow.schemas.plates.VehicleHmac;
import java.util.List;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where each answer of the deciders goes: the main output (every decision, typed by its stage by
 * {@link DecisionMapping} and emitted in the sinks' one shape, {@link DecisionRecord}), the side outputs of {@link EnforcementFunction}, and the counters. Routing only: the
 * answers are made elsewhere, and mapped to records by {@link DecisionMapping}.
 *
 * <ul>
 *   <li>every decided read: a decision, a sighting (the vehicle only as an HMAC), a count by outcome;
 *   <li>a duplicate read: a count only (one decision per read); a late read: the late-read output and
 *       a LATE_READ decision;
 *   <li>a WARNING read and an ISSUE or MANUAL_REVIEW final: the violations output;
 *   <li>a candidate's first read: a candidate row, and a DROP final: its settlement (lifecycle output);
 *   <li>each history entry the decisions add: the history output.
 * </ul>
 */
final class EnforcementOutputs {
  private static final Logger LOG = LoggerFactory.getLogger(EnforcementOutputs.class);

  private final EnforcementMetrics metrics;
  private final VehicleHmac hasher;
  /** Which enforcement instance this is ("2 of 4"): every instance reports each policy version. */
  private final String instance;

  EnforcementOutputs(EnforcementMetrics metrics, VehicleHmac hasher, String instance) {
    this.metrics = metrics;
    this.hasher = hasher;
    this.instance = instance;
  }

  /** A read {@code ReadIntake.admit} did not admit: DUPLICATE_READ (counted only) or LATE_READ. */
  void notAdmitted(Decision d, ReadEvent read, EnforcementFunction.ReadOnlyContext ctx, Collector<DecisionRecord> out) {
    if (d.outcome() == Outcome.DUPLICATE_READ) {
      metrics.duplicateReads.inc(); // decided once already: one READ decision per read
      return;
    }
    metrics.lateReads.inc();
    ctx.output(LATE_READS, read);
    out.collect(DecisionMapping.notDecided(d, read).toRecord());
  }

  /** A read the rules did not evaluate (UNKNOWN_CAMERA): decided, but for no zone. */
  void notDecided(Decision d, ReadEvent read, EnforcementFunction.ReadOnlyContext ctx, Collector<DecisionRecord> out) {
    metrics.decided(d.outcome().name());
    ctx.output(SIGHTINGS, sighting(read, "", d.outcome().name(), read.vehicleKey));
    out.collect(DecisionMapping.notDecided(d, read).toRecord());
  }

  /** The rules' decision of a read, under {@code policy} (null when none was in force). */
  void read(Decision d, ReadEvent read, VehicleMatch match, ZonePolicy policy,
      EnforcementFunction.ReadOnlyContext ctx, Collector<DecisionRecord> out) {
    metrics.decided(d.outcome().name());
    ctx.output(SIGHTINGS, sighting(read, d.zoneId(), d.outcome().name(), d.vehicleKey()));
    out.collect(DecisionMapping.read(d, read, match, policy).toRecord());
    if (d.outcome() == Outcome.WARNING) {
      ctx.output(VIOLATIONS, DecisionMapping.warning(d, read, policy.currency()));
      metrics.warnings.inc();
    }
  }

  /** The store's row of a new candidate violation (AWAITING_GRACE). */
  void candidateOpened(Candidate c, ReadEvent read, ZonePolicy policy, EnforcementFunction.ReadOnlyContext ctx) {
    ctx.output(VIOLATION_LIFECYCLE, DecisionMapping.candidateOpened(c, read, policy.currency()));
  }

  /** A candidate's final decision once its grace window has closed. */
  void finalised(FinalDecision fd, PendingViolation entry, EnforcementFunction.ReadOnlyContext ctx,
      Collector<DecisionRecord> out) {
    out.collect(DecisionMapping.finalised(fd, entry).toRecord());
    switch (fd.outcome()) {
      case DROP -> {
        metrics.candidatesDropped.inc();
        // Its zone lost every version in force at the read: not expected, so counted on its own too.
        if (fd.dropReason() == DropReason.NO_POLICY_IN_FORCE) metrics.finaliseFailures.inc();
        // Settles the candidate row; a no-op on the row of an already emitted violation itself
        // (the store only moves rows out of AWAITING_GRACE).
        ctx.output(VIOLATION_LIFECYCLE, DecisionMapping.dropped(fd, entry));
      }
      case ISSUE, MANUAL_REVIEW -> {
        ctx.output(VIOLATIONS, DecisionMapping.violation(fd, entry));
        if (fd.warningOnly()) {
          metrics.warnings.inc();
        } else if (fd.isIssued()) {
          metrics.violationsIssued.inc();
        } else {
          metrics.violationsForReview.inc();
        }
      }
    }
  }

  /** The job's own new history entries, for the history topic. */
  void history(List<HistoryEntry> added, EnforcementFunction.ReadOnlyContext ctx) {
    for (HistoryEntry e : added) ctx.output(HISTORY, WireMapping.toHistoryChange(e, ctx.timerService().currentProcessingTime()));
  }

  /** A zone policy version this instance validated and now applies from its effective time. */
  void policyAccepted(ZonePolicy policy, Collector<DecisionRecord> out) {
    metrics.policiesAccepted.inc();
    out.collect(DecisionMapping.policyAccepted(policy, "policy " + policy.label() + " (" + policy.name()
        + "), effective from " + policy.effectiveFrom() + ", accepted by enforcement instance " + instance).toRecord());
  }

  /** A zone policy message ({@code zone@vN}) this instance could not use; the versions in force stay. */
  void policyRejected(String policyKey, List<String> problems, Collector<DecisionRecord> out) {
    metrics.policiesRejected.inc();
    String why = problems.isEmpty() ? "not a ZonePolicy message" : String.join("; ", problems);
    LOG.error("zone policy {} rejected, the versions in force stay as they were: {}", policyKey, why);
    out.collect(DecisionMapping.policyRejected(policyKey, "policy " + policyKey + " rejected by enforcement instance "
        + instance + ", the versions in force stay as they were: " + why).toRecord());
  }

  /** A history entry loaded from the history topic or file that was new to the key. */
  void historyLoaded() {
    metrics.historyLoaded.inc();
  }

  void cameraChanged() {
    metrics.cameraChanges.inc();
  }

  void unusableCamera(String cameraId) {
    metrics.unusablePayloads.inc();
    LOG.warn("camera registration {} does not parse and is ignored", cameraId);
  }

  /** The capture -> decision latency of a read about to be decided (live runs only). */
  void deciding(ReadEvent read, EnforcementFunction.ReadOnlyContext ctx) {
    metrics.decisionLatency(ctx.timerService().currentProcessingTime() - read.capturedAtMs);
  }

  private Sighting sighting(ReadEvent read, String zoneId, String outcome, String vehicleKey) {
    // The register entry's key when the read matched one: a misread is stored, and found, as its vehicle.
    return new Sighting(read.readId, read.capturedAtMs, read.cameraId, zoneId == null ? "" : zoneId,
        hasher.exact(vehicleKey), outcome)
        .withMetadata(hasher.keyId(), hasher.folded(vehicleKey), read.lane, read.direction, read.confidence,
            read.imageKey, read.imageSha256);
  }
}
