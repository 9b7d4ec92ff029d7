package io.lezflow.jobs.testing;

import io.lezflow.schemas.CameraIds;
import io.lezflow.schemas.Topics;
import io.lezflow.schemas.VehicleKeys;
import io.lezflow.schemas.ViolationIds;
import io.lezflow.schemas.v1.CameraRegistration;
import io.lezflow.schemas.v1.Evidence;
import io.lezflow.schemas.v1.Fuel;
import io.lezflow.schemas.v1.PlateRead;
import io.lezflow.schemas.v1.VehicleCategory;
import io.lezflow.schemas.v1.VehicleRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A Brussels fleet, its cameras and a stream of its reads, with the outcomes the Brussels policy
 * (shipped; v2 in force in 2026) gives them, worked out here from the profiles — not by calling the
 * rules. No profile is banned by the 2026 step (diesel Euro 5, petrol Euro 2, lorries, motorcycles),
 * so its warning-first rule changes none.
 *
 * <p>Plates use only characters that no OCR confusion folds together (no O/0, I/1, B/8, S/5, Z/2,
 * G/6, D), so no two vehicles of the fleet share a matching key and every read is an exact match.
 */
public final class BrusselsTraffic {
  public static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
  public static final String ZONE = "brussels";
  public static final String UNREGISTERED_CAMERA = "bru-cam-9999";
  private static final String LETTERS = "ACEFHJKLMNPRTUVWXY";
  private static final String DIGITS = "3479";

  /** What the register says about a vehicle and what Brussels makes of its reads in 2026. */
  public enum Profile {
    BANNED_DIESEL("BE", VehicleCategory.VEHICLE_CATEGORY_M1, Fuel.FUEL_DIESEL, 4, false, "CANDIDATE"),
    BANNED_PETROL_VAN("BE", VehicleCategory.VEHICLE_CATEGORY_N1, Fuel.FUEL_PETROL, 1, false, "CANDIDATE"),
    CLEAN_DIESEL("BE", VehicleCategory.VEHICLE_CATEGORY_M1, Fuel.FUEL_DIESEL, 6, false, "COMPLIANT"),
    CLEAN_PETROL("BE", VehicleCategory.VEHICLE_CATEGORY_M1, Fuel.FUEL_PETROL, 3, false, "COMPLIANT"),
    // Lorries are in scope since 2026-01-01 (diesel Euro 0-V banned, warning first): a Euro VI truck is compliant.
    TRUCK("BE", VehicleCategory.VEHICLE_CATEGORY_N3, Fuel.FUEL_DIESEL, 6, false, "COMPLIANT"),
    ELECTRIC("BE", VehicleCategory.VEHICLE_CATEGORY_M1, Fuel.FUEL_ELECTRIC, 0, false, "EXEMPT"),
    OLDTIMER("BE", VehicleCategory.VEHICLE_CATEGORY_M1, Fuel.FUEL_PETROL, 0, true, "EXEMPT"),
    NOT_REGISTERED("BE", null, null, 0, false, "UNKNOWN_VEHICLE"),
    /** A French car nobody registered with the zone: its own violation, instead of the Euro check. */
    FOREIGN_UNREGISTERED("FR", null, null, 0, false, "CANDIDATE");

    public final String country;
    final VehicleCategory category;
    final Fuel fuel;
    final int euro;
    final boolean historic;
    public final String outcome;

    Profile(String country, VehicleCategory category, Fuel fuel, int euro, boolean historic, String outcome) {
      this.country = country;
      this.category = category;
      this.fuel = fuel;
      this.euro = euro;
      this.historic = historic;
      this.outcome = outcome;
    }

    boolean registered() {
      return category != null;
    }
  }

  public record Vehicle(String country, String plate, Profile profile) {
    public String key() {
      return VehicleKeys.of(country, plate);
    }
  }

  public final List<Vehicle> fleet = new ArrayList<>();
  public final List<String> cameras = new ArrayList<>();
  private final Map<String, Vehicle> byKey = new HashMap<>();

  public BrusselsTraffic(int vehiclesPerProfile, int cameraCount) {
    int n = 0;
    for (Profile profile : Profile.values()) {
      for (int i = 0; i < vehiclesPerProfile; i++, n++) {
        Vehicle v = new Vehicle(profile.country, plate(profile.country, n), profile);
        fleet.add(v);
        byKey.put(v.key(), v);
      }
    }
    for (int c = 1; c <= cameraCount; c++) cameras.add(CameraIds.of("bru", c));
  }

  private static String plate(String country, int n) {
    char l1 = LETTERS.charAt(n % LETTERS.length());
    char l2 = LETTERS.charAt((n / LETTERS.length()) % LETTERS.length());
    char d1 = DIGITS.charAt(n % DIGITS.length());
    char d2 = DIGITS.charAt((n / DIGITS.length()) % DIGITS.length());
    char d3 = DIGITS.charAt((n / 16) % DIGITS.length());
    return country.equals("FR")
        ? "" + l1 + l2 + "-" + d1 + d2 + d3 + "-" + "XY"                 // AB-123-CD
        : "" + d3 + "-" + l1 + l2 + "X-" + d1 + d2 + DIGITS.charAt(n % 3); // 1-ABC-234
  }

  /** {@code count} reads of random fleet vehicles at random cameras, captured in [first, first + span), by capture time. */
  public List<PlateRead> reads(long seed, int count, Instant first, java.time.Duration span, int unregisteredCameraReads) {
    Random random = new Random(seed);
    List<PlateRead> reads = new ArrayList<>();
    Map<String, Integer> sequences = new HashMap<>();
    for (int i = 0; i < count + unregisteredCameraReads; i++) {
      Vehicle v = fleet.get(random.nextInt(fleet.size()));
      String camera = i < count ? cameras.get(random.nextInt(cameras.size())) : UNREGISTERED_CAMERA;
      int seq = sequences.merge(camera, 1, Integer::sum);
      long captured = first.toEpochMilli() + (long) (random.nextDouble() * span.toMillis());
      reads.add(read(camera, seq, captured, v, 0.9f + random.nextFloat() / 10));
    }
    reads.sort(Comparator.comparingLong(PlateRead::getCapturedAtMs));
    return reads;
  }

  public static PlateRead read(String camera, long seq, long capturedAtMs, Vehicle v, float confidence) {
    return PlateRead.newBuilder()
        .setReadId(CameraIds.readId(camera, seq)).setCameraId(camera).setSequence(seq)
        .setCapturedAtMs(capturedAtMs).setPublishedAtMs(capturedAtMs + 150)
        .setPlateText(v.plate()).setPlateCountry(v.country()).setConfidence(confidence)
        .setEvidence(Evidence.newBuilder().setImageKey("img/" + camera + "/" + seq).setImageSha256("ab".repeat(32)))
        .build();
  }

  public Vehicle vehicleOf(PlateRead read) {
    return byKey.get(VehicleKeys.of(read.getPlateCountry(), read.getPlateText()));
  }

  /** What the READ decision of a read must be. */
  public String expectedOutcome(PlateRead read) {
    return read.getCameraId().equals(UNREGISTERED_CAMERA) ? "UNKNOWN_CAMERA" : vehicleOf(read).profile().outcome;
  }

  public Map<String, Long> expectedOutcomeCounts(List<PlateRead> reads) {
    Map<String, Long> counts = new TreeMap<>();
    for (PlateRead read : reads) counts.merge(expectedOutcome(read), 1L, Long::sum);
    return counts;
  }

  /**
   * One violation per vehicle with candidate reads: on the first Brussels day it was seen. Every
   * later day is within three months of that fine, so Brussels's minimum gap drops it.
   */
  public Set<String> expectedViolationIds(List<PlateRead> reads) {
    Map<String, LocalDate> firstDay = new HashMap<>();
    for (PlateRead read : reads) {
      if (!expectedOutcome(read).equals("CANDIDATE")) continue;
      LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(read.getCapturedAtMs()), BRUSSELS);
      firstDay.merge(vehicleOf(read).key(), day, (a, b) -> a.isBefore(b) ? a : b);
    }
    Set<String> ids = new HashSet<>();
    firstDay.forEach((key, day) -> ids.add(ViolationIds.of(ZONE, key, day)));
    return ids;
  }

  // ---- Kafka records ----

  public List<ProducerRecord<byte[], byte[]>> cameraRecords() {
    List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
    for (String camera : cameras) {
      CameraRegistration registration = CameraRegistration.newBuilder().setCameraId(camera).setZoneId(ZONE)
          .setPoliceZone("5339").setActive(true).setUpdatedAtMs(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli()).build();
      out.add(new ProducerRecord<>(Topics.CAMERAS, bytes(camera), registration.toByteArray()));
    }
    return out;
  }

  public List<ProducerRecord<byte[], byte[]>> registerRecords(long updatedAtMs) {
    List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
    for (Vehicle v : fleet) {
      if (!v.profile().registered()) continue;
      VehicleRecord record = VehicleRecord.newBuilder()
          .setVehicleKey(v.key()).setPlate(v.plate()).setCountry(v.country())
          .setCategory(v.profile().category).setFuel(v.profile().fuel).setEuroNorm(v.profile().euro)
          .setFirstRegistration(v.profile().historic ? "1975-06-01" : "2009-06-01")
          .setHistoricPlate(v.profile().historic).setUpdatedAtMs(updatedAtMs).setCritAir(-1)
          .build();
      out.add(new ProducerRecord<>(Topics.VEHICLES, bytes(v.key()), record.toByteArray()));
    }
    return out;
  }

  public static List<ProducerRecord<byte[], byte[]>> readRecords(List<PlateRead> reads) {
    List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
    for (PlateRead read : reads) {
      out.add(new ProducerRecord<>(Topics.PLATE_READS, bytes(VehicleKeys.of(read.getPlateCountry(), read.getPlateText())),
          read.toByteArray()));
    }
    return out;
  }

  public static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
