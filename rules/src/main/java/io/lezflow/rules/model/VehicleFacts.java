package io.lezflow.rules.model;

import io.lezflow.schemas.v1.VehicleRecord;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * What the register says about one vehicle, as far as zone rules care.
 *
 * <p>Flat on purpose (strings, enums, a date, primitives; no collections or Optionals) so it can
 * travel inside a {@code Candidate} through a stream processor's state without a generic
 * serializer. Null {@code category} or {@code fuel} means the register did not say: such a vehicle
 * is never fined on its emission data ({@link #complete()} is false).
 *
 * @param vehicleKey {@code "CC:PLATE"} of the register entry
 * @param euroNorm Euro emission norm 0..7 (0 = pre-Euro); heavy-vehicle norms I..VI as 1..6
 * @param critAir the Crit'Air class on record, or null when none is on record (it is then derived
 *     from category, fuel and Euro norm, see {@link #critAirOrDerived()})
 * @param firstRegistration null when unknown (then the vehicle is never old enough to be historic)
 * @param use what the vehicle is used for (priority, army, market, maintenance); null = ORDINARY
 */
public record VehicleFacts(
    String vehicleKey,
    VehicleCategory category,
    Fuel fuel,
    int euroNorm,
    CritAir critAir,
    LocalDate firstRegistration,
    boolean historicPlate,
    VehicleUse use) {

  public VehicleFacts {
    Objects.requireNonNull(vehicleKey, "vehicleKey");
    use = use == null ? VehicleUse.ORDINARY : use;
    if (euroNorm < 0 || euroNorm > 7) {
      throw new IllegalArgumentException("euroNorm must be 0..7, was " + euroNorm);
    }
  }

  /**
   * The facts of a register entry. Callers keep deleted entries out of the register state; an
   * unparsable first-registration date is treated as unknown.
   */
  public static VehicleFacts fromRecord(VehicleRecord record) {
    LocalDate firstRegistration = null;
    if (!record.getFirstRegistration().isEmpty()) {
      try {
        firstRegistration = LocalDate.parse(record.getFirstRegistration());
      } catch (DateTimeParseException e) {
        firstRegistration = null;
      }
    }
    return new VehicleFacts(
        record.getVehicleKey(),
        VehicleCategory.fromProto(record.getCategory()),
        Fuel.fromProto(record.getFuel()),
        euroNormOf(record.getEuroNorm()),
        CritAir.fromNumber(record.getCritAir()),
        firstRegistration,
        record.getHistoricPlate(),
        VehicleUse.fromProto(record.getSpecialUse(), record.getPriorityVehicle()));
  }

  /** Whether the register flags it as a priority vehicle (police, fire brigade, ambulance). */
  public boolean priorityVehicle() {
    return use == VehicleUse.PRIORITY;
  }

  /**
   * The register's Euro norm, kept in 0..7: the wire field is unsigned, so a value above 2^31
   * arrives negative; anything above 7 is read as the newest norm rather than crashing on bad data.
   */
  private static int euroNormOf(int wire) {
    return wire < 0 || wire > 7 ? 7 : wire;
  }

  /** Whether category and fuel are known, so that emission rules can be applied at all. */
  public boolean complete() {
    return category != null && fuel != null;
  }

  /** The Crit'Air class on record, or the one derived from category, fuel and Euro norm. */
  public CritAir critAirOrDerived() {
    return critAir != null ? critAir : CritAir.derive(category, fuel, euroNorm);
  }

  /** Whole years since first registration at {@code day}; -1 when the date is unknown. */
  public int ageInYearsOn(LocalDate day) {
    if (firstRegistration == null) return -1;
    return java.time.Period.between(firstRegistration, day).getYears();
  }

  /** A reviewer-readable description without the plate, e.g. {@code "M1 DIESEL Euro 4"}. */
  public String describe() {
    return (category == null ? "category unknown" : category.name())
        + " "
        + (fuel == null ? "fuel unknown" : fuel.name())
        + " Euro "
        + euroNorm;
  }
}
