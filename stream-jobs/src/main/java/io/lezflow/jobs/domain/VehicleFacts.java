package io.lezflow.jobs.domain;

import java.util.Objects;

/**
 * What the vehicle register knows about one vehicle, decoded from the {@code VehicleRecord} wire
 * message: the facts an LEZ rule needs.
 *
 * <p>A Flink POJO (public no-arg constructor, public fields, enums, no {@code java.time} types) so
 * that it lives in keyed RocksDB state through the PojoSerializer, never Kryo. {@link #deleted}
 * marks a register tombstone: the vehicle left the register and its facts must be forgotten.
 */
public class VehicleFacts {
  public String vehicleKey;
  public VehicleCategory category = VehicleCategory.UNKNOWN;
  public Fuel fuel = Fuel.UNKNOWN;
  /** Euro emission norm 0..7 (0 = pre-Euro). */
  public int euroNorm;
  /** First registration date, ISO yyyy-MM-dd; empty when unknown. */
  public String firstRegistration = "";

  public boolean historicPlate;
  public boolean priorityVehicle;
  /** When this register entry became known, epoch ms: the event time of the register change. */
  public long updatedAtMs;
  /** True when the vehicle left the register. */
  public boolean deleted;
  /** French Crit'Air class 0..5 where known; -1 = none. */
  public int critAir = -1;

  public VehicleFacts() {}

  /** The facts of a vehicle that is in the register (not a tombstone). */
  public static VehicleFacts of(
      String vehicleKey,
      VehicleCategory category,
      Fuel fuel,
      int euroNorm,
      String firstRegistration,
      boolean historicPlate,
      boolean priorityVehicle,
      long updatedAtMs) {
    VehicleFacts facts = new VehicleFacts();
    facts.vehicleKey = vehicleKey;
    facts.category = category;
    facts.fuel = fuel;
    facts.euroNorm = euroNorm;
    facts.firstRegistration = firstRegistration;
    facts.historicPlate = historicPlate;
    facts.priorityVehicle = priorityVehicle;
    facts.updatedAtMs = updatedAtMs;
    return facts;
  }

  /** A register tombstone: the vehicle left the register at {@code updatedAtMs}. */
  public static VehicleFacts deletion(String vehicleKey, long updatedAtMs) {
    VehicleFacts facts = new VehicleFacts();
    facts.vehicleKey = vehicleKey;
    facts.updatedAtMs = updatedAtMs;
    facts.deleted = true;
    return facts;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof VehicleFacts other)) return false;
    return euroNorm == other.euroNorm
        && historicPlate == other.historicPlate
        && priorityVehicle == other.priorityVehicle
        && updatedAtMs == other.updatedAtMs
        && deleted == other.deleted
        && critAir == other.critAir
        && Objects.equals(vehicleKey, other.vehicleKey)
        && category == other.category
        && fuel == other.fuel
        && Objects.equals(firstRegistration, other.firstRegistration);
  }

  @Override
  public int hashCode() {
    return Objects.hash(vehicleKey, updatedAtMs);
  }

  /** Deliberately without the vehicle key: this string may end up in a log line. */
  @Override
  public String toString() {
    return "VehicleFacts{category=" + category + ", fuel=" + fuel + ", euroNorm=" + euroNorm
        + ", firstRegistration=" + firstRegistration + ", historicPlate=" + historicPlate
        + ", priorityVehicle=" + priorityVehicle + ", deleted=" + deleted + "}";
  }
}
