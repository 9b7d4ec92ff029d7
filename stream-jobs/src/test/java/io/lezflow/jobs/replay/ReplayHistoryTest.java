package io.lezflow.jobs.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two of issue 8's done-when, from the outside (replay files in, decisions out):
 *
 * <ul>
 *   <li>A replay started on 1 March with a history file (the fines, warnings and day passes of
 *       January and February) decides the reads from March on exactly as a replay of the whole year
 *       from January does — and differently from one started on 1 March without the history.
 *   <li>The register is a timeline: a plate re-registered to another vehicle is decided against the
 *       entry valid at each read's capture time, whatever the order of the register lines.
 * </ul>
 */
class ReplayHistoryTest {
  private static final Path EXAMPLES = Path.of("..", "examples", "replay");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
  private static final LocalDate CUT_OFF = LocalDate.parse("2026-03-01");

  private static final String FINED = "BE:1HIS001";     // diesel Euro 4: fined in February
  private static final String PASSES = "BE:1HIS002";    // diesel Euro 4: 24 day passes in January-February
  private static final String WARNED = "BE:1HIS003";    // diesel Euro 5: warned in January

  @TempDir Path dir;

  @Test
  void aReplayStartedWithAHistoryFileDecidesLikeOneOfTheWholeYear() throws Exception {
    List<Read> reads = new ArrayList<>();
    List<String> permits = new ArrayList<>();
    reads.add(new Read(FINED, "2026-02-10T09:00"));
    reads.add(new Read(FINED, "2026-03-05T09:00"));   // within the 3-month gap of February's fine
    LocalDate day = LocalDate.parse("2026-01-05");
    for (int pass = 1; pass <= 24; pass++) {
      while (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) day = day.plusDays(1);
      reads.add(new Read(PASSES, day + "T10:00"));
      permits.add(dayPass("PASS-" + pass, PASSES, day));
      day = day.plusDays(1);
    }
    reads.add(new Read(PASSES, "2026-03-10T10:00"));  // the 25th day: beyond any yearly allowance
    String lastPass = dayPass("PASS-25", PASSES, LocalDate.parse("2026-03-10"));
    permits.add(lastPass);
    reads.add(new Read(WARNED, "2026-01-15T08:00"));
    reads.add(new Read(WARNED, "2026-04-10T08:00"));  // 2 months 26 days after the warning: not yet fineable
    reads.add(new Read(WARNED, "2026-04-20T08:00"));  // past the 3 months: fineable

    Path vehicles = Files.write(dir.resolve("vehicles.jsonl"), List.of(
        vehicle(FINED, "FUEL_DIESEL", 4, 0), vehicle(PASSES, "FUEL_DIESEL", 4, 0), vehicle(WARNED, "FUEL_DIESEL", 5, 0)));
    Path cameras = EXAMPLES.resolve("cameras.jsonl");

    Path yearReads = Files.write(dir.resolve("year-reads.jsonl"), lines(reads, null));
    Path yearPermits = Files.write(dir.resolve("year-permits.jsonl"), permits);
    List<JsonNode> wholeYear = replay(new ReplayJob.Inputs(yearReads, vehicles, yearPermits, cameras, null, null), "year");

    // From 1 March: the reads and permits of March on, and the history of January and February.
    Path marchReads = Files.write(dir.resolve("march-reads.jsonl"), lines(reads, CUT_OFF));
    Path marchPermits = Files.write(dir.resolve("march-permits.jsonl"), List.of(lastPass));
    // The history an operator exports: what the whole-year run did before the cut-off.
    Path historyFile = Files.write(dir.resolve("history.jsonl"), historyBefore(wholeYear, CUT_OFF));
    List<JsonNode> withHistory =
        replay(new ReplayJob.Inputs(marchReads, vehicles, marchPermits, cameras, null, historyFile), "with-history");
    List<JsonNode> withoutHistory =
        replay(new ReplayJob.Inputs(marchReads, vehicles, marchPermits, cameras, null, null), "without-history");

    Map<String, String> year = fromCutOff(wholeYear);
    // Four READ decisions from March on, and three FINAL: the warned car's 10 April read is not yet fineable.
    assertThat(year).hasSize(7);
    assertThat(fromCutOff(withHistory)).isEqualTo(year);
    // The history is what makes them equal: without it, February's fine does not block March's.
    assertThat(year.get("FINAL " + readId(FINED, "2026-03-05T09:00"))).startsWith("DROP FINE_LIMIT_MINIMUM_GAP");
    assertThat(fromCutOff(withoutHistory).get("FINAL " + readId(FINED, "2026-03-05T09:00"))).startsWith("ISSUE");
    assertThat(year.get("FINAL " + readId(PASSES, "2026-03-10T10:00"))).doesNotStartWith("DROP DAY_PASS_IN_TIME");
    // January's warning makes 10 April "not yet fineable" (fineable from 15 April) and 20 April a fine;
    // without the history, 10 April is the car's first detection: a warning.
    assertThat(year.get("READ " + readId(WARNED, "2026-04-10T08:00"))).startsWith("WARNED_NOT_YET_FINEABLE").endsWith("2026-04-15");
    assertThat(year.get("FINAL " + readId(WARNED, "2026-04-20T08:00"))).startsWith("ISSUE");
    assertThat(fromCutOff(withoutHistory).get("READ " + readId(WARNED, "2026-04-10T08:00"))).startsWith("WARNING");
  }

  @Test
  void aReRegisteredPlateIsDecidedAgainstTheEntryValidAtEachReadWhateverTheOrderOfTheRegisterLines() throws Exception {
    String plate = "BE:1REG001";
    // Until June a diesel Euro 4 car (banned); from 1 June 2026 the plate is on an electric car.
    String dieselUntilJune = vehicle(plate, "FUEL_DIESEL", 4, instant("2025-01-01T00:00"));
    String electricFromJune = vehicle(plate, "FUEL_ELECTRIC", 6, instant("2026-06-01T00:00"));
    Path reads = Files.write(dir.resolve("reads.jsonl"),
        lines(List.of(new Read(plate, "2026-03-02T09:00"), new Read(plate, "2026-07-01T09:00")), null));

    for (List<String> register : List.of(List.of(dieselUntilJune, electricFromJune), List.of(electricFromJune, dieselUntilJune))) {
      Path vehicles = Files.write(dir.resolve("register.jsonl"), register);
      List<JsonNode> decisions = replay(
          new ReplayJob.Inputs(reads, vehicles, null, EXAMPLES.resolve("cameras.jsonl"), null, null), "register");

      Map<String, String> outcomes = new TreeMap<>();
      for (JsonNode d : decisions) {
        if (d.path("stage").asText().equals("READ")) outcomes.put(d.path("read_id").asText(), d.path("outcome").asText());
      }
      assertThat(outcomes).as("register lines in the order " + register).containsExactly(
          Map.entry(readId(plate, "2026-03-02T09:00"), "CANDIDATE"),
          Map.entry(readId(plate, "2026-07-01T09:00"), "EXEMPT"));
    }
  }

  // ---- helpers ----

  private record Read(String vehicleKey, String localTime) {}

  private List<JsonNode> replay(ReplayJob.Inputs inputs, String name) throws Exception {
    Path out = dir.resolve("decisions-" + name + ".jsonl");
    ReplayJob.run(inputs, out);
    List<JsonNode> decisions = new ArrayList<>();
    for (String line : Files.readAllLines(out)) decisions.add(JSON.readTree(line));
    return decisions;
  }

  /** "STAGE read-id" -> what was decided, for the reads captured on or after the cut-off. */
  private static Map<String, String> fromCutOff(List<JsonNode> decisions) {
    Map<String, String> out = new TreeMap<>();
    long cutOff = CUT_OFF.atStartOfDay(BRUSSELS).toInstant().toEpochMilli();
    for (JsonNode d : decisions) {
      if (d.path("stage").asText().equals("CONTROL")) continue;
      if (java.time.Instant.parse(d.path("captured_at").asText()).toEpochMilli() < cutOff) continue;
      out.put(d.path("stage").asText() + " " + d.path("read_id").asText(),
          String.join(" ", d.path("outcome").asText(), d.path("drop_reason").asText(), d.path("fine_cents").asText(),
              d.path("rule").asText(), d.path("violation_id").asText(), d.path("fineable_from").asText()));
    }
    return out;
  }

  private static List<String> lines(List<Read> reads, LocalDate from) {
    List<String> out = new ArrayList<>();
    for (Read r : reads) {
      if (from != null && java.time.LocalDateTime.parse(r.localTime()).toLocalDate().isBefore(from)) continue;
      String plate = r.vehicleKey().substring(3);
      out.add("{\"read_id\": \"" + readId(r.vehicleKey(), r.localTime()) + "\", \"camera_id\": \"bru-cam-0001\", "
          + "\"captured_at_ms\": " + instant(r.localTime()) + ", \"plate_text\": \"" + plate + "\", "
          + "\"plate_country\": \"BE\", \"confidence\": 0.96}");
    }
    Collections.reverse(out); // the order of the lines does not matter
    return out;
  }

  private static String readId(String vehicleKey, String localTime) {
    return "bru-cam-0001:" + vehicleKey.substring(3) + "-" + localTime.replaceAll("[^0-9]", "");
  }

  private static String vehicle(String key, String fuel, int euro, long updatedAtMs) {
    return "{\"vehicle_key\": \"" + key + "\", \"category\": \"VEHICLE_CATEGORY_M1\", \"fuel\": \"" + fuel
        + "\", \"euro_norm\": " + euro + ", \"first_registration\": \"2012-05-14\", \"crit_air\": -1"
        + (updatedAtMs > 0 ? ", \"updated_at_ms\": " + updatedAtMs : "") + "}";
  }

  /** A day pass for {@code day}, bought the evening before. */
  private static String dayPass(String id, String vehicleKey, LocalDate day) {
    return "{\"permit_id\": \"" + id + "\", \"vehicle_key\": \"" + vehicleKey + "\", \"zone_id\": \"brussels\", "
        + "\"kind\": \"PERMIT_KIND_DAY_PASS\", \"valid_from_ms\": " + day.atStartOfDay(BRUSSELS).toInstant().toEpochMilli()
        + ", \"valid_until_ms\": " + day.plusDays(1).atTime(6, 0).atZone(BRUSSELS).toInstant().toEpochMilli()
        + ", \"issued_at_ms\": " + day.minusDays(1).atTime(20, 0).atZone(BRUSSELS).toInstant().toEpochMilli() + "}";
  }

  /**
   * The history entries of the decisions of reads before {@code cutOff}: fines and warnings that
   * were issued, warnings of reads, and the days a day pass was used.
   */
  private static List<String> historyBefore(List<JsonNode> decisions, LocalDate cutOff) {
    List<String> out = new ArrayList<>();
    for (JsonNode d : decisions) {
      if (d.path("enforcement_day").isMissingNode() || !LocalDate.parse(d.path("enforcement_day").asText()).isBefore(cutOff)) continue;
      String stage = d.path("stage").asText();
      String outcome = d.path("outcome").asText();
      String kind = null;
      if (stage.equals("FINAL") && (outcome.equals("ISSUE") || outcome.equals("MANUAL_REVIEW"))) {
        kind = d.path("warning_only").asBoolean() ? "HISTORY_KIND_WARNING" : "HISTORY_KIND_FINE";
      } else if (stage.equals("READ") && outcome.equals("WARNING")) {
        kind = "HISTORY_KIND_WARNING";
      } else if ((stage.equals("READ") && outcome.equals("PERMITTED") && d.path("permit_id").asText().startsWith("PASS-"))
          || (stage.equals("FINAL") && d.path("drop_reason").asText().equals("DAY_PASS_IN_TIME"))) {
        kind = "HISTORY_KIND_DAY_PASS";
      }
      if (kind != null) out.add(entry(d.path("vehicle_key").asText(), kind, d.path("enforcement_day").asText()));
    }
    assertThat(out).as("the year before the cut-off made history").isNotEmpty();
    return out;
  }

  private static String entry(String vehicleKey, String kind, String day) {
    return "{\"vehicle_key\": \"" + vehicleKey + "\", \"zone_id\": \"brussels\", \"kind\": \"" + kind + "\", \"day\": \"" + day + "\"}";
  }

  private static long instant(String localTime) {
    return java.time.LocalDateTime.parse(localTime).atZone(BRUSSELS).toInstant().toEpochMilli();
  }
}
