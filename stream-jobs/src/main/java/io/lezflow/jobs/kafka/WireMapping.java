package io.lezflow.jobs.kafka;

import io.lezflow.jobs.records.ControlChange;
import io.lezflow.jobs.records.KeyedChange;
import io.lezflow.jobs.records.ReadEvent;
import io.lezflow.jobs.records.ViolationRecord;
import io.lezflow.rules.ledger.HistoryEntry;
import io.lezflow.schemas.v1.Violation;
import io.lezflow.schemas.Topics;
import io.lezflow.schemas.VehicleKeys;
import io.lezflow.schemas.ViolationIds;
import io.lezflow.schemas.v1.HistoryKind;
import io.lezflow.schemas.v1.VehicleHistoryEntry;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import io.lezflow.schemas.v1.CameraRegistration;
import io.lezflow.schemas.v1.Permit;
import io.lezflow.schemas.v1.PlateRead;
import io.lezflow.schemas.v1.VehicleRecord;
import io.lezflow.schemas.v1.ZonePolicy;

/**
 * Wire messages (Protobuf) to the records the enforcement consumes, with the checks that decide
 * whether a read can be enforced at all. Plain Java, no Flink: the Kafka deserializers and the
 * replay's file reader are thin wrappers around it.
 *
 * <p>Invariant: a mapped {@link ReadEvent} has a read id, a camera id, a positive capture time and
 * a non-empty normalised plate, so its vehicle key is a real key; anything else is a {@link
 * ReadRejection} with a reason, never an exception.
 */
public final class WireMapping {
  private WireMapping() {}

  /** Why a read from Kafka could not be enforced. Low cardinality: used as a metric label. */
  public enum ReadRejection {
    UNPARSABLE,
    MISSING_READ_ID,
    MISSING_CAMERA_ID,
    MISSING_CAPTURE_TIME,
    EMPTY_PLATE
  }

  /** Either a read or the reason it was rejected. */
  public record MappedRead(ReadEvent read, ReadRejection rejection) {
    static MappedRead ok(ReadEvent read) {
      return new MappedRead(read, null);
    }

    static MappedRead rejected(ReadRejection reason) {
      return new MappedRead(null, reason);
    }

    public boolean isOk() {
      return read != null;
    }
  }

  public static MappedRead toReadEvent(PlateRead read) {
    if (read.getReadId().isBlank()) return MappedRead.rejected(ReadRejection.MISSING_READ_ID);
    if (read.getCameraId().isBlank()) return MappedRead.rejected(ReadRejection.MISSING_CAMERA_ID);
    if (read.getCapturedAtMs() <= 0) return MappedRead.rejected(ReadRejection.MISSING_CAPTURE_TIME);
    String plate = VehicleKeys.normalisePlate(read.getPlateText());
    if (plate.isEmpty()) return MappedRead.rejected(ReadRejection.EMPTY_PLATE);
    String country = VehicleKeys.normaliseCountry(read.getPlateCountry());
    ReadEvent event =
        new ReadEvent(
            read.getReadId(),
            read.getCameraId(),
            read.getCapturedAtMs(),
            read.getPlateText(),
            country,
            VehicleKeys.of(country, read.getPlateText()),
            read.getConfidence(),
            read.getEvidence().getImageKey(),
            read.getEvidence().getImageSha256(),
            read.getPublishedAtMs());
    event.lane = read.getLane();
    event.direction = directionOf(read.getDirection());
    return MappedRead.ok(event);
  }

  /** INBOUND / OUTBOUND / UNSPECIFIED: the wire enum without its prefix (what sightings store). */
  static String directionOf(io.lezflow.schemas.v1.Direction direction) {
    return switch (direction) {
      case DIRECTION_INBOUND -> "INBOUND";
      case DIRECTION_OUTBOUND -> "OUTBOUND";
      default -> "UNSPECIFIED";
    };
  }

  /**
   * The register change of a record, under its normalised vehicle key (also written into the
   * payload, so every stage compares the same key); {@code null} when the record names no vehicle
   * (nothing to key it by). {@code deleted=true} becomes {@link KeyedChange.Kind#VEHICLE_DELETED}.
   * Its time is the register's update time, else the Kafka record's timestamp.
   */
  public static KeyedChange toVehicleChange(VehicleRecord record, long recordTimestampMs) {
    String key = vehicleKeyOf(record);
    if (key == null) return null;
    long time = record.getUpdatedAtMs() > 0 ? record.getUpdatedAtMs() : recordTimestampMs;
    if (record.getDeleted()) return new KeyedChange(KeyedChange.Kind.VEHICLE_DELETED, key, null, time, null);
    byte[] normalised = record.getVehicleKey().equals(key) ? record.toByteArray() : record.toBuilder().setVehicleKey(key).build().toByteArray();
    return new KeyedChange(KeyedChange.Kind.VEHICLE, key, null, time, normalised);
  }

  /** A Kafka tombstone of the compacted register topic (key = vehicle key); null if the key is no vehicle key. */
  public static KeyedChange toVehicleDeletion(String kafkaKey, long recordTimestampMs) {
    if (kafkaKey == null) return null;
    int colon = kafkaKey.indexOf(':');
    if (colon <= 0) return null;
    String plate = VehicleKeys.normalisePlate(kafkaKey.substring(colon + 1));
    if (plate.isEmpty()) return null;
    return new KeyedChange(KeyedChange.Kind.VEHICLE_DELETED, VehicleKeys.of(kafkaKey.substring(0, colon), plate), null,
        recordTimestampMs, null);
  }

  /**
   * The permit change of a permit, under its normalised vehicle key (written into the payload too);
   * {@code null} when it has no permit id or no vehicle key. Its time is its issue time, else
   * the Kafka record's timestamp.
   */
  public static KeyedChange toPermitChange(Permit permit, long recordTimestampMs) {
    if (permit.getPermitId().isBlank()) return null;
    String raw = permit.getVehicleKey();
    int colon = raw.indexOf(':');
    if (colon <= 0) return null;
    String plate = VehicleKeys.normalisePlate(raw.substring(colon + 1));
    if (plate.isEmpty()) return null;
    String key = VehicleKeys.of(raw.substring(0, colon), plate);
    long time = permit.getIssuedAtMs() > 0 ? permit.getIssuedAtMs() : recordTimestampMs;
    byte[] normalised = raw.equals(key) ? permit.toByteArray() : permit.toBuilder().setVehicleKey(key).build().toByteArray();
    return new KeyedChange(KeyedChange.Kind.PERMIT, key, permit.getPermitId(), time, normalised);
  }

  /**
   * A zone policy version as published; validated later, where it is applied, so that a rejection
   * shows up with its reasons in the decision stream. Its time is the publication time.
   */
  public static ControlChange toPolicyChange(ZonePolicy policy, long recordTimestampMs) {
    return new ControlChange(ControlChange.Kind.POLICY, policy.getZoneId() + "@v" + policy.getVersion(),
        recordTimestampMs, policy.toByteArray());
  }

  /** A camera registration; null without a camera id. Its time is its update time, else the record's. */
  public static ControlChange toCameraChange(CameraRegistration camera, long recordTimestampMs) {
    if (camera.getCameraId().isBlank()) return null;
    long time = camera.getUpdatedAtMs() > 0 ? camera.getUpdatedAtMs() : recordTimestampMs;
    return new ControlChange(ControlChange.Kind.CAMERA, camera.getCameraId(), time, camera.toByteArray());
  }

  /** A Kafka tombstone of the compacted camera topic (key = camera id). */
  public static ControlChange toCameraRemoval(String cameraId, long recordTimestampMs) {
    if (cameraId == null || cameraId.isBlank()) return null;
    return new ControlChange(ControlChange.Kind.CAMERA_REMOVED, cameraId, recordTimestampMs, null);
  }

  /**
   * A history entry as the change that loads it into the vehicle's ledger, under its normalised
   * vehicle key; null when it names no vehicle, zone, kind or valid day (the caller counts it).
   */
  public static KeyedChange toHistoryChange(VehicleHistoryEntry entry, long recordTimestampMs) {
    HistoryEntry domain = toHistoryEntry(entry);
    if (domain == null) return null;
    return toHistoryChange(domain, recordTimestampMs);
  }

  /** A history entry of the job's own decisions as the change the history topic carries. */
  public static KeyedChange toHistoryChange(HistoryEntry entry, long recordedAtMs) {
    return new KeyedChange(KeyedChange.Kind.HISTORY, entry.vehicleKey(), null, recordedAtMs,
        toProto(entry, recordedAtMs).toByteArray());
  }

  /** The wire entry to the rules' entry; null when it names no vehicle, zone, kind or valid day. */
  public static HistoryEntry toHistoryEntry(VehicleHistoryEntry entry) {
    String raw = entry.getVehicleKey();
    int colon = raw.indexOf(':');
    if (colon <= 0 || entry.getZoneId().isBlank()) return null;
    String plate = VehicleKeys.normalisePlate(raw.substring(colon + 1));
    if (plate.isEmpty()) return null;
    HistoryEntry.Kind kind = switch (entry.getKind()) {
      case HISTORY_KIND_FINE -> HistoryEntry.Kind.FINE;
      case HISTORY_KIND_WARNING -> HistoryEntry.Kind.WARNING;
      case HISTORY_KIND_DAY_PASS -> HistoryEntry.Kind.DAY_PASS;
      default -> null;
    };
    if (kind == null) return null;
    LocalDate day;
    try {
      day = LocalDate.parse(entry.getDay());
    } catch (DateTimeParseException e) {
      return null;
    }
    return new HistoryEntry(VehicleKeys.of(raw.substring(0, colon), plate), entry.getZoneId(), kind, day);
  }

  public static VehicleHistoryEntry toProto(HistoryEntry entry, long recordedAtMs) {
    HistoryKind kind = switch (entry.kind()) {
      case FINE -> HistoryKind.HISTORY_KIND_FINE;
      case WARNING -> HistoryKind.HISTORY_KIND_WARNING;
      case DAY_PASS -> HistoryKind.HISTORY_KIND_DAY_PASS;
    };
    return VehicleHistoryEntry.newBuilder()
        .setVehicleKey(entry.vehicleKey())
        .setZoneId(entry.zoneId())
        .setKind(kind)
        .setDay(entry.day().toString())
        .setViolationId(entry.kind() == HistoryEntry.Kind.DAY_PASS ? "" : ViolationIds.of(entry.zoneId(), entry.vehicleKey(), entry.day()))
        .setRecordedAtMs(recordedAtMs)
        .build();
  }

  /** The Kafka key of a history entry on {@code lez.vehicle-history.v1} ({@link Topics#historyKey}). */
  public static String historyKey(VehicleHistoryEntry entry) {
    return Topics.historyKey(entry.getKind().name().substring("HISTORY_KIND_".length()), entry.getZoneId(),
        entry.getVehicleKey(), LocalDate.parse(entry.getDay()));
  }

  /**
   * A violation or warning record as the {@code Violation} of {@code lez.violations.v1}: the only
   * place a violation becomes Protobuf.
   */
  public static Violation toProto(ViolationRecord v) {
    Violation.Builder b = Violation.newBuilder()
        .setViolationId(v.violationId)
        .setZoneId(v.zoneId)
        .setVehicleKey(v.vehicleKey)
        .setEnforcementDay(v.enforcementDay)
        .setType(io.lezflow.schemas.v1.ViolationType.valueOf("VIOLATION_TYPE_" + v.violationType))
        .setFirstSeenMs(v.firstSeenAtMs)
        .setCameraId(nullToEmpty(v.cameraId))
        .setPolicyVersion(v.policyVersion)
        .setRule(nullToEmpty(v.rule))
        .setFineCents(v.fineCents)
        .setCurrency(nullToEmpty(v.currency))
        .setWarningOnly(v.warningOnly)
        .setFineableFrom(nullToEmpty(v.fineableFrom))
        .setNeedsReview(v.needsReview)
        .setExplanation(nullToEmpty(v.explanation))
        .setPlateText(nullToEmpty(v.plateText))
        .setCountry(nullToEmpty(v.country))
        .setConfidence(v.confidence)
        .setImageSha256(nullToEmpty(v.imageSha256));
    if (v.readIds != null) for (String id : v.readIds) b.addReadIds(id);
    return b.build();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  /** The record's own key if present, else the key of its country and plate; null if neither. */
  static String vehicleKeyOf(VehicleRecord record) {
    if (!record.getVehicleKey().isBlank()) {
      int colon = record.getVehicleKey().indexOf(':');
      if (colon > 0 && !VehicleKeys.normalisePlate(record.getVehicleKey().substring(colon + 1)).isEmpty()) {
        return VehicleKeys.of(record.getVehicleKey().substring(0, colon), record.getVehicleKey().substring(colon + 1));
      }
    }
    String plate = VehicleKeys.normalisePlate(record.getPlate());
    return plate.isEmpty() ? null : VehicleKeys.of(record.getCountry(), plate);
  }
}
