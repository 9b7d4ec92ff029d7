package io.lezflow.sim.reference;

import io.lezflow.sim.traffic.PlateReads;
import io.lezflow.sim.traffic.VehiclePopulation;

import io.lezflow.schemas.v1.Permit;
import io.lezflow.schemas.v1.PermitKind;
import io.lezflow.schemas.v1.VehicleRecord;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The Brussels LEZ registrations of the population's foreign vehicles: in Brussels a vehicle with a
 * foreign plate must be registered (free, valid 3 years) or it is fined for that alone, whatever
 * its Euro norm; Dutch vehicles are exempt (exchange agreement). The simulator registers every
 * such vehicle so that each simulated read is judged on its emissions only: an unregistered
 * foreign vehicle would be another violation type, one the simulator's oracle does not predict.
 *
 * <p>Deterministic: the same population, zone and day give the same permits. Each permit is valid
 * from one year before {@code today} to two years after it (3 years, as a registration is), issued
 * when it became valid; its id is derived from the zone, the vehicle key and the start of validity,
 * hashed so that no plate appears in an id that travels into logs.
 */
public final class ForeignRegistrations {
  private ForeignRegistrations() {}

  /** Plates of these countries need no registration: Belgian ones, and Dutch ones by agreement. */
  public static final Set<String> NOT_REQUIRED = Set.of("BE", "NL");
  static final String REASON = "foreign vehicle registered with the zone (simulated, free, valid 3 years)";

  public static List<Permit> of(List<VehicleRecord> population, String zoneId, LocalDate today) {
    if (population == null) throw new IllegalArgumentException("population must be set");
    if (zoneId == null || zoneId.isBlank()) throw new IllegalArgumentException("zoneId must be set");
    if (today == null) throw new IllegalArgumentException("today must be set");
    LocalDate validFromDay = today.minusYears(1);
    long validFromMs = validFromDay.atStartOfDay(VehiclePopulation.BRUSSELS).toInstant().toEpochMilli();
    long validUntilMs = today.plusYears(2).atStartOfDay(VehiclePopulation.BRUSSELS).toInstant().toEpochMilli();
    List<Permit> permits = new ArrayList<>();
    for (VehicleRecord vehicle : population) {
      if (!requiresRegistration(vehicle)) continue;
      permits.add(Permit.newBuilder()
          .setPermitId("reg-" + zoneId + "-" + validFromDay + "-"
              + PlateReads.sha256Hex(zoneId + "|" + vehicle.getVehicleKey()).substring(0, 20))
          .setVehicleKey(vehicle.getVehicleKey())
          .setZoneId(zoneId)
          .setKind(PermitKind.PERMIT_KIND_FOREIGN_REGISTRATION)
          .setValidFromMs(validFromMs)
          .setValidUntilMs(validUntilMs)
          .setIssuedAtMs(validFromMs)
          .setReason(REASON)
          .setRevoked(false)
          .build());
    }
    return List.copyOf(permits);
  }

  /** A register entry with a foreign, non-Dutch plate (a deleted entry is no vehicle). */
  static boolean requiresRegistration(VehicleRecord vehicle) {
    return !vehicle.getDeleted() && !vehicle.getCountry().isEmpty() && !NOT_REQUIRED.contains(vehicle.getCountry());
  }
}
