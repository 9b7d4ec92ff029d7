package io.lezflow.jobs.kafka;

import io.lezflow.jobs.domain.Fuel;
import io.lezflow.jobs.domain.ReadEvent;
import io.lezflow.jobs.domain.VehicleCategory;
import io.lezflow.jobs.domain.VehicleFacts;
import io.lezflow.schemas.VehicleKeys;
import io.lezflow.schemas.v1.PlateRead;
import io.lezflow.schemas.v1.VehicleRecord;

/**
 * Wire messages (Protobuf) to domain POJOs, with the checks that decide whether a read can be
 * enforced at all. Plain Java, no Flink: the deserializers are thin wrappers around it.
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
    return MappedRead.ok(
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
            read.getPublishedAtMs()));
  }

  /**
   * The register facts of a record; {@code null} when the record names no vehicle (nothing to
   * key it by). A record with {@code deleted=true} becomes a tombstone ({@link VehicleFacts#deleted}).
   */
  public static VehicleFacts toVehicleFacts(VehicleRecord record) {
    String key = vehicleKeyOf(record);
    if (key == null) return null;
    if (record.getDeleted()) return VehicleFacts.deletion(key, record.getUpdatedAtMs());
    VehicleFacts facts =
        VehicleFacts.of(
            key,
            category(record.getCategory()),
            fuel(record.getFuel()),
            record.getEuroNorm(),
            record.getFirstRegistration(),
            record.getHistoricPlate(),
            record.getPriorityVehicle(),
            record.getUpdatedAtMs());
    facts.critAir = record.getCritAir();
    return facts;
  }

  /** The record's own key if present, else the key of its country and plate; null if neither. */
  static String vehicleKeyOf(VehicleRecord record) {
    if (!record.getVehicleKey().isBlank()) {
      int colon = record.getVehicleKey().indexOf(':');
      if (colon > 0) {
        return VehicleKeys.of(record.getVehicleKey().substring(0, colon), record.getVehicleKey().substring(colon + 1));
      }
    }
    String plate = VehicleKeys.normalisePlate(record.getPlate());
    return plate.isEmpty() ? null : VehicleKeys.of(record.getCountry(), plate);
  }

  public static VehicleCategory category(io.lezflow.schemas.v1.VehicleCategory category) {
    return switch (category) {
      case VEHICLE_CATEGORY_M1 -> VehicleCategory.M1;
      case VEHICLE_CATEGORY_N1 -> VehicleCategory.N1;
      case VEHICLE_CATEGORY_M2 -> VehicleCategory.M2;
      case VEHICLE_CATEGORY_M3 -> VehicleCategory.M3;
      case VEHICLE_CATEGORY_N2 -> VehicleCategory.N2;
      case VEHICLE_CATEGORY_N3 -> VehicleCategory.N3;
      case VEHICLE_CATEGORY_L -> VehicleCategory.L;
      case VEHICLE_CATEGORY_UNSPECIFIED, UNRECOGNIZED -> VehicleCategory.UNKNOWN;
    };
  }

  public static Fuel fuel(io.lezflow.schemas.v1.Fuel fuel) {
    return switch (fuel) {
      case FUEL_DIESEL -> Fuel.DIESEL;
      case FUEL_PETROL -> Fuel.PETROL;
      case FUEL_LPG -> Fuel.LPG;
      case FUEL_CNG -> Fuel.CNG;
      case FUEL_HYBRID_PETROL -> Fuel.HYBRID_PETROL;
      case FUEL_HYBRID_DIESEL -> Fuel.HYBRID_DIESEL;
      case FUEL_ELECTRIC -> Fuel.ELECTRIC;
      case FUEL_HYDROGEN -> Fuel.HYDROGEN;
      case FUEL_UNSPECIFIED, UNRECOGNIZED -> Fuel.UNKNOWN;
    };
  }
}
