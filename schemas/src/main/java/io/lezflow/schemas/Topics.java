package io.lezflow.schemas;

import java.util.List;

/** Kafka topic names. Versioned in the name: a breaking change is a new topic, never a new meaning. */
public final class Topics {
  private Topics() {}

  /** Key: vehicle key bytes. Short retention: compliant reads must not live long. */
  public static final String PLATE_READS = "lez.plate-reads.v1";
  /** Key: camera id. */
  public static final String CAMERA_STATUS = "lez.camera-status.v1";
  /** Key: vehicle key. Compacted register extract. */
  public static final String VEHICLES = "lez.vehicles.v1";
  /**
   * Key: permit id. Compacted permits (day passes, exemptions, foreign registrations). Keyed by
   * permit id, not vehicle: compaction keeps the last record per key and a vehicle holds several
   * permits at once. The vehicle is the permit's {@code vehicle_key} field. A permit is revoked
   * in-band (same permit id, {@code revoked=true}); a tombstone names no vehicle and is skipped.
   */
  public static final String PERMITS = "lez.permits.v1";
  /** Key: zone id. Compacted, versioned zone policies. */
  public static final String ZONE_POLICIES = "lez.zone-policies.v1";
  /** Key: vehicle key. Written transactionally (exactly once). */
  public static final String VIOLATIONS = "lez.violations.v1";
  /** Key: camera id. Compacted camera registry (camera -> zone, police zone, position). */
  public static final String CAMERAS = "lez.cameras.v1";
  /**
   * Key: {@link #historyKey} of the entry (kind and violation id: a digest, no plate). Compacted
   * vehicle history ({@code VehicleHistoryEntry}: fines, warnings, day passes used, by zone and
   * day): loaded by the enforcement job at start, written by it for its own decisions, so a job
   * on a fresh state decides like one that ran all year. One record per entry, not per vehicle:
   * compaction keeps the last record of a key, and a vehicle has many entries.
   */
  public static final String VEHICLE_HISTORY = "lez.vehicle-history.v1";
  /** Key: hotlist entry id. Compacted hotlist entries of the police zones (hashes, no plate). */
  public static final String HOTLISTS = "lez.hotlists.v1";
  /** Key: police zone. Hotlist alerts (entry and read, no plate), for the zone's control room. */
  public static final String HOTLIST_ALERTS = "lez.hotlist-alerts.v1";
  /** Key: camera id. Rejected input with raw bytes and a reason code. */
  public static final String DLQ = "lez.dlq.v1";

  public static final List<String> ALL =
      List.of(PLATE_READS, CAMERA_STATUS, VEHICLES, PERMITS, ZONE_POLICIES, CAMERAS, VIOLATIONS, DLQ, HOTLISTS, HOTLIST_ALERTS,
          VEHICLE_HISTORY);

  /**
   * The Kafka key of a history entry: {@code "<kind>:<ViolationIds.of(zone, vehicle, day)>"}, e.g.
   * {@code "FINE:brussels-2026-03-20-…"}. Unique per entry, stable for the same entry (a re-publish
   * replaces it), and without the plate in clear.
   */
  public static String historyKey(String kind, String zoneId, String vehicleKey, java.time.LocalDate day) {
    return kind + ":" + ViolationIds.of(zoneId, vehicleKey, day);
  }

  /** Topics whose latest value per key is the state (log compaction on). */
  public static boolean isCompacted(String topic) {
    return topic.equals(VEHICLES) || topic.equals(PERMITS) || topic.equals(ZONE_POLICIES) || topic.equals(CAMERAS)
        || topic.equals(HOTLISTS) || topic.equals(VEHICLE_HISTORY);
  }

  /**
   * Partitions for a topic on a fresh cluster. Plate reads bound the Flink source parallelism,
   * so they get the most.
   */
  public static int defaultPartitions(String topic) {
    return switch (topic) {
      case PLATE_READS -> 12;
      case VEHICLES, PERMITS, VIOLATIONS, VEHICLE_HISTORY -> 6;
      case CAMERA_STATUS, DLQ -> 3;
      default -> 1;
    };
  }
}
