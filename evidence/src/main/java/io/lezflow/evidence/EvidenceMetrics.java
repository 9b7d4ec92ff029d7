package io.lezflow.evidence;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The fetcher's counters, in its own registry (several fetchers may share a JVM in tests). No
 * labels: never a plate, camera or read id. A redelivered violation counts again as consumed,
 * never again as stored or as an alarm.
 */
public final class EvidenceMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter violations = Counter.builder()
      .name("lez_evidence_violations_consumed_total")
      .help("Violations and warnings read from the violations topic")
      .register(registry);
  private final Counter stored = Counter.builder()
      .name("lez_evidence_images_stored_total")
      .help("Images verified against their read's SHA-256 and added to the evidence store")
      .register(registry);
  private final Counter mismatches = Counter.builder()
      .name("lez_evidence_hash_mismatch_total")
      .help("Images refused because their SHA-256 differs from the one the camera sent with the read")
      .register(registry);
  private final Counter alarms = Counter.builder()
      .name("lez_evidence_alarms_total")
      .help("Alarms raised: images that did not become evidence (evidence_alarms rows added)")
      .register(registry);
  private final Counter unparsable = Counter.builder()
      .name("lez_evidence_unparsable_total")
      .help("Records on the violations topic that are not a Violation (skipped)")
      .register(registry);

  public PrometheusRegistry registry() {
    return registry;
  }

  public long hashMismatches() {
    return (long) mismatches.get();
  }

  public long imagesStored() {
    return (long) stored.get();
  }

  public long violationsConsumed() {
    return (long) violations.get();
  }

  void consumed(int n) {
    violations.inc(n);
  }

  void unparsable() {
    unparsable.inc();
  }

  void written(EvidenceStore.Written w) {
    stored.inc(w.images());
    mismatches.inc(w.hashMismatches());
    alarms.inc(w.alarms());
  }
}
