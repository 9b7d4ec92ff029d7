package io.lezflow.sim.traffic;

import io.lezflow.schemas.VehicleKeys;
import io.lezflow.schemas.v1.Fuel;
import io.lezflow.schemas.v1.VehicleCategory;
import io.lezflow.schemas.v1.VehicleRecord;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import io.lezflow.schemas.plates.PlateFormats;

/**
 * A deterministic vehicle population (and its register extract) for the simulated cameras: the
 * same seed, size and day always give the same list, and every vehicle key in it is unique.
 *
 * <p>The mix imitates the Brussels traffic: ~95 % Belgian plates, a few Dutch, French and German
 * ones; mostly passenger cars (M1) with vans (N1), a few buses, trucks and two-wheelers; diesel
 * ~40 %, petrol ~45 %, the rest hybrid, electric, LPG/CNG and a little hydrogen; ages like a real
 * fleet (a tail of old vehicles: ~3-8 % banned by the rule up to 2025, ~10-13 % since diesel Euro
 * 5 and petrol Euro 2 are banned from 2026 too; the fleet is the same, the rule changed) with
 * historic plates on some vehicles over 25 years and a few priority vehicles. The Euro norm
 * follows the year of first registration ({@link EuroNorms}).
 */
public final class VehiclePopulation {
  private VehiclePopulation() {}

  /** Brussels local time: register dates and the register's {@code updated_at} are local days. */
  public static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");

  private static final Weighted<String> COUNTRIES =
      Weighted.<String>builder().add("BE", 95).add("NL", 2).add("FR", 1.5).add("DE", 1.5).build();

  private static final Weighted<VehicleCategory> CATEGORIES = Weighted.<VehicleCategory>builder()
      .add(VehicleCategory.VEHICLE_CATEGORY_M1, 82)
      .add(VehicleCategory.VEHICLE_CATEGORY_N1, 11)
      .add(VehicleCategory.VEHICLE_CATEGORY_M2, 0.5)
      .add(VehicleCategory.VEHICLE_CATEGORY_M3, 1)
      .add(VehicleCategory.VEHICLE_CATEGORY_N2, 1.5)
      .add(VehicleCategory.VEHICLE_CATEGORY_N3, 1)
      .add(VehicleCategory.VEHICLE_CATEGORY_L, 3)
      .build();

  private static final Weighted<Fuel> CAR_FUELS = Weighted.<Fuel>builder()
      .add(Fuel.FUEL_DIESEL, 35).add(Fuel.FUEL_PETROL, 50).add(Fuel.FUEL_HYBRID_PETROL, 5)
      .add(Fuel.FUEL_HYBRID_DIESEL, 1).add(Fuel.FUEL_ELECTRIC, 6).add(Fuel.FUEL_LPG, 1.5)
      .add(Fuel.FUEL_CNG, 1).add(Fuel.FUEL_HYDROGEN, 0.5).build();
  private static final Weighted<Fuel> VAN_FUELS = Weighted.<Fuel>builder()
      .add(Fuel.FUEL_DIESEL, 82).add(Fuel.FUEL_PETROL, 8).add(Fuel.FUEL_ELECTRIC, 7)
      .add(Fuel.FUEL_CNG, 2).add(Fuel.FUEL_HYBRID_DIESEL, 1).build();
  private static final Weighted<Fuel> BUS_FUELS = Weighted.<Fuel>builder()
      .add(Fuel.FUEL_DIESEL, 85).add(Fuel.FUEL_CNG, 5).add(Fuel.FUEL_ELECTRIC, 8)
      .add(Fuel.FUEL_HYBRID_DIESEL, 2).build();
  private static final Weighted<Fuel> TRUCK_FUELS = Weighted.<Fuel>builder()
      .add(Fuel.FUEL_DIESEL, 94).add(Fuel.FUEL_CNG, 3).add(Fuel.FUEL_ELECTRIC, 2)
      .add(Fuel.FUEL_LPG, 1).build();
  private static final Weighted<Fuel> TWO_WHEELER_FUELS =
      Weighted.<Fuel>builder().add(Fuel.FUEL_PETROL, 90).add(Fuel.FUEL_ELECTRIC, 10).build();

  /** Age brackets in years [from, to) with their weight: a real fleet's long tail of old vehicles. */
  private static final Weighted<double[]> AGE_BRACKETS = Weighted.<double[]>builder()
      .add(new double[] {0, 5}, 30).add(new double[] {5, 10}, 28).add(new double[] {10, 15}, 24)
      .add(new double[] {15, 20}, 8).add(new double[] {20, 30}, 4).add(new double[] {30, 45}, 2)
      .build();

  /** Electric and hydrogen vehicles in the register are recent; hybrids appeared around 2000. */
  static final double MAX_AGE_ELECTRIC = 12;
  static final double MAX_AGE_HYBRID = 24;
  /** A Belgian historic ("O") plate needs 25 years; the Brussels exemption needs more than 30. */
  static final double MIN_AGE_HISTORIC_PLATE = 25;
  static final double HISTORIC_PLATE_SHARE = 0.5;
  static final double PRIORITY_SHARE = 0.003;

  public static List<VehicleRecord> generate(long seed, int size, LocalDate today) {
    if (size < 1) throw new IllegalArgumentException("population size must be >= 1, got " + size);
    if (today == null) throw new IllegalArgumentException("today must be set");
    SplittableRandom random = new SplittableRandom(seed);
    // The register extract is "as of yesterday": strictly before any read a camera makes today.
    long updatedAtMs = today.minusDays(1).atStartOfDay(BRUSSELS).toInstant().toEpochMilli();
    Set<String> keys = new HashSet<>(size * 2);
    List<VehicleRecord> vehicles = new ArrayList<>(size);
    while (vehicles.size() < size) {
      String country = COUNTRIES.pick(random);
      String plate = PlateFormats.randomRegisterPlate(country, random);
      String key = VehicleKeys.of(country, plate);
      if (!keys.add(key)) continue; // same plate drawn twice: a register has each plate once
      vehicles.add(vehicle(random, country, plate, key, today, updatedAtMs));
    }
    return List.copyOf(vehicles);
  }

  private static VehicleRecord vehicle(SplittableRandom random, String country, String plate, String key,
      LocalDate today, long updatedAtMs) {
    VehicleCategory category = CATEGORIES.pick(random);
    Fuel fuel = fuelsOf(category).pick(random);
    double[] bracket = AGE_BRACKETS.pick(random);
    double age = bracket[0] + random.nextDouble() * (bracket[1] - bracket[0]);
    if ((fuel == Fuel.FUEL_ELECTRIC || fuel == Fuel.FUEL_HYDROGEN) && age > MAX_AGE_ELECTRIC) {
      age = random.nextDouble() * MAX_AGE_ELECTRIC;
    } else if ((fuel == Fuel.FUEL_HYBRID_PETROL || fuel == Fuel.FUEL_HYBRID_DIESEL) && age > MAX_AGE_HYBRID) {
      age = random.nextDouble() * MAX_AGE_HYBRID;
    }
    LocalDate firstRegistration = today.minusDays((long) (age * 365.25));
    int year = firstRegistration.getYear();
    int euro = EuroNorms.lowest(year) + random.nextInt(EuroNorms.highest(year) - EuroNorms.lowest(year) + 1);
    boolean historic = age >= MIN_AGE_HISTORIC_PLATE && random.nextDouble() < HISTORIC_PLATE_SHARE;
    boolean priority = (category == VehicleCategory.VEHICLE_CATEGORY_M1 || category == VehicleCategory.VEHICLE_CATEGORY_N1)
        && random.nextDouble() < PRIORITY_SHARE;
    return VehicleRecord.newBuilder()
        .setVehicleKey(key)
        .setPlate(plate)
        .setCountry(country)
        .setCategory(category)
        .setFuel(fuel)
        .setEuroNorm(euro)
        .setFirstRegistration(firstRegistration.toString())
        .setHistoricPlate(historic)
        .setPriorityVehicle(priority)
        .setUpdatedAtMs(updatedAtMs)
        .setDeleted(false)
        .setCritAir(critAir(category, fuel, euro))
        .build();
  }

  private static Weighted<Fuel> fuelsOf(VehicleCategory category) {
    return switch (category) {
      case VEHICLE_CATEGORY_N1 -> VAN_FUELS;
      case VEHICLE_CATEGORY_M2, VEHICLE_CATEGORY_M3 -> BUS_FUELS;
      case VEHICLE_CATEGORY_N2, VEHICLE_CATEGORY_N3 -> TRUCK_FUELS;
      case VEHICLE_CATEGORY_L -> TWO_WHEELER_FUELS;
      default -> CAR_FUELS;
    };
  }

  /** French Crit'Air class of a car or van (-1 = unclassified, or not a car or van). */
  static int critAir(VehicleCategory category, Fuel fuel, int euro) {
    if (category != VehicleCategory.VEHICLE_CATEGORY_M1 && category != VehicleCategory.VEHICLE_CATEGORY_N1) return -1;
    return switch (fuel) {
      case FUEL_ELECTRIC, FUEL_HYDROGEN -> 0;
      case FUEL_LPG, FUEL_CNG -> 1;
      case FUEL_PETROL, FUEL_HYBRID_PETROL -> euro >= 5 ? 1 : euro == 4 ? 2 : euro >= 2 ? 3 : -1;
      case FUEL_DIESEL, FUEL_HYBRID_DIESEL -> euro >= 5 ? 2 : euro == 4 ? 3 : euro == 3 ? 4 : euro == 2 ? 5 : -1;
      default -> -1;
    };
  }
}
