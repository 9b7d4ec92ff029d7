package io.lezflow.jobs.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lezflow.rules.policy.json.ShippedPolicies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lezflow replay} on the example files shipped in {@code examples/replay}: every read's
 * decision and every violation's final decision, as a reader of the policies would predict them.
 */
class ReplayJobTest {
  static final Path EXAMPLES = Path.of("..", "examples", "replay");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path out;
  static List<JsonNode> decisions;
  static ReplayJob.Summary summary;

  @BeforeAll
  static void replayTheExamples() throws Exception {
    Path file = out.resolve("decisions.jsonl");
    summary = replay(EXAMPLES.resolve("reads.jsonl"), null, file);
    decisions = lines(file);
  }

  @Test
  void everyReadGetsExactlyOneReadDecisionWithTheOutcomeItsRulesGive() throws Exception {
    Map<String, String> expected = new HashMap<>();
    expected.put("bru-cam-0001:1", "CANDIDATE");             // diesel Euro 4, banned since 2022
    expected.put("bru-cam-0002:1", "CANDIDATE");             // same vehicle, same day
    expected.put("bru-cam-0001:2", "CANDIDATE");             // same vehicle, next day
    expected.put("bru-cam-0001:3", "PERMITTED");             // day pass bought the evening before
    expected.put("bru-cam-0001:4", "CANDIDATE");             // day pass bought after its deadline
    expected.put("bru-cam-0002:2", "COMPLIANT");             // petrol Euro 6
    expected.put("bru-cam-0002:3", "EXEMPT");                // electric
    expected.put("bru-cam-0002:4", "EXEMPT");                // 45 years old, historic plate
    expected.put("bru-cam-0001:5", "CANDIDATE");             // misread 0 for O: fuzzy match
    expected.put("bru-cam-0002:5", "CANDIDATE");             // confidence 0.55
    expected.put("bru-cam-0001:6", "CANDIDATE");             // French, unregistered
    expected.put("bru-cam-0002:6", "COMPLIANT");             // German, registered the next evening, Euro 6
    expected.put("bru-cam-0002:7", "CANDIDATE");             // Dutch (no registration needed), diesel Euro 4
    expected.put("bru-cam-0001:7", "UNKNOWN_VEHICLE");       // not in the register
    expected.put("bru-cam-9999:1", "UNKNOWN_CAMERA");        // camera not registered
    expected.put("old-cam-0009:1", "UNKNOWN_CAMERA");        // camera decommissioned
    expected.put("bru-cam-0001:8", "WARNING");               // 2018, diesel Euro 1 in its warning period
    expected.put("bru-cam-0001:9", "REJECTED_READ");         // no plate
    expected.put("ant-cam-0001:1", "CANDIDATE");
    expected.put("ant-cam-0001:2", "CANDIDATE");
    expected.put("gnt-cam-0001:1", "CANDIDATE");
    expected.put("gnt-cam-0001:2", "CANDIDATE");
    expected.put("lon-cam-0001:1", "CANDIDATE");             // charge not paid
    expected.put("lon-cam-0001:2", "PERMITTED");             // charge paid the next day
    expected.put("lon-cam-0001:3", "COMPLIANT");
    expected.put("lon-cam-0001:4", "OUTSIDE_ENFORCEMENT_WINDOW"); // Christmas Day
    expected.put("par-cam-0001:1", "CANDIDATE");             // Crit'Air 3 on a Wednesday
    expected.put("par-cam-0001:2", "OUTSIDE_ENFORCEMENT_WINDOW"); // Saturday
    expected.put("par-cam-0001:3", "EXEMPT");                // electric

    Map<String, String> actual = stage("READ").stream()
        .collect(Collectors.toMap(d -> d.path("read_id").asText(), d -> d.path("outcome").asText()));
    assertThat(actual).isEqualTo(expected);
    assertThat(stage("READ")).hasSize(Files.readAllLines(EXAMPLES.resolve("reads.jsonl")).size());
  }

  @Test
  void candidatesAreFinalisedIntoFinesReviewsAndDropsWithTheirAmounts() {
    Map<String, String> expected = new HashMap<>();
    expected.put("bru-cam-0001:1", "ISSUE 35000 EUR [bru-cam-0001:1, bru-cam-0002:1]");
    expected.put("bru-cam-0001:2", "DROP FINE_LIMIT_MINIMUM_GAP");  // fined the day before: 3-month gap
    expected.put("bru-cam-0001:4", "ISSUE 35000 EUR [bru-cam-0001:4]");
    expected.put("bru-cam-0001:5", "MANUAL_REVIEW 35000 EUR [bru-cam-0001:5]");
    expected.put("bru-cam-0002:5", "MANUAL_REVIEW 35000 EUR [bru-cam-0002:5]");
    expected.put("bru-cam-0001:6", "ISSUE 15000 EUR [bru-cam-0001:6]");  // unregistered foreign vehicle
    expected.put("bru-cam-0002:7", "ISSUE 35000 EUR [bru-cam-0002:7]");
    expected.put("ant-cam-0001:1", "ISSUE 15000 EUR [ant-cam-0001:1]");
    expected.put("ant-cam-0001:2", "ISSUE 25000 EUR [ant-cam-0001:2]");  // repeat within 12 months
    expected.put("gnt-cam-0001:1", "ISSUE 15000 EUR [gnt-cam-0001:1, gnt-cam-0001:2]");
    expected.put("lon-cam-0001:1", "ISSUE 18000 GBP [lon-cam-0001:1]");  // penalty of policy v2 (2025)
    expected.put("par-cam-0001:1", "ISSUE 6800 EUR [par-cam-0001:1]");

    Map<String, String> actual = new HashMap<>();
    for (JsonNode d : stage("FINAL")) {
      String what = d.path("outcome").asText().equals("DROP")
          ? "DROP " + d.path("drop_reason").asText()
          : d.path("outcome").asText() + " " + d.path("fine_cents").asLong() + " " + d.path("currency").asText() + " "
              + readIds(d);
      actual.put(d.path("read_id").asText(), what);
    }
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void decisionsNameTheirPolicyVersionRuleAndEvidence() {
    JsonNode london = only("FINAL", "lon-cam-0001:1");
    assertThat(london.path("policy_version").asInt()).isEqualTo(2);
    assertThat(london.path("rule").asText()).isEqualTo("london-ulez@v2:ban-step/petrol-below-euro-4");

    JsonNode fuzzy = only("READ", "bru-cam-0001:5");
    assertThat(fuzzy.path("match").asText()).isEqualTo("FUZZY");
    assertThat(fuzzy.path("match_score").asInt()).isEqualTo(1);
    assertThat(fuzzy.path("vehicle_key").asText()).isEqualTo("BE:1OBX234");
    assertThat(fuzzy.path("read_vehicle_key").asText()).isEqualTo("BE:10BX234");
    assertThat(only("FINAL", "bru-cam-0001:5").path("review_reason").asText()).isEqualTo("FUZZY_PLATE_MATCH");

    assertThat(only("READ", "bru-cam-0001:3").path("permit_id").asText()).isEqualTo("DAYPASS-2026-0001");
    assertThat(only("FINAL", "bru-cam-0001:4").path("explanation").asText())
        .contains("DAYPASS-2026-0002", "after its purchase deadline");
    assertThat(only("READ", "bru-cam-0002:6").path("explanation").asText()).contains("FOREIGN-REG-DE-0001");
    assertThat(only("READ", "bru-cam-0001:8").path("warning_only").asBoolean()).isTrue();
    assertThat(only("READ", "bru-cam-0001:8").path("violation_id").asText()).startsWith("brussels-2018-06-01-");

    // Policies loaded are decisions too: seven versions of five zones.
    assertThat(stage("CONTROL")).extracting(d -> d.path("rule").asText()).containsExactlyInAnyOrder(
        "brussels@v1:policy", "brussels@v2:policy", "antwerp@v1:policy", "ghent@v1:policy", "london-ulez@v1:policy",
        "london-ulez@v2:policy", "paris@v1:policy");
    assertThat(summary.decisions()).isEqualTo(decisions.size());
    assertThat(summary.byStageAndOutcome()).containsEntry("FINAL ISSUE", 9L).containsEntry("READ CANDIDATE", 14L);
    // No explanation carries a plate.
    assertThat(decisions).allSatisfy(d -> assertThat(d.path("explanation").asText()).doesNotContain("1ABC234", "AB12CDE"));
  }

  @Test
  void theSameFilesGiveTheSameDecisionsWhateverTheOrderOfTheirLines() throws Exception {
    List<String> reversed = new ArrayList<>(Files.readAllLines(EXAMPLES.resolve("reads.jsonl")));
    Collections.reverse(reversed);
    Path readsReversed = out.resolve("reads-reversed.jsonl");
    Files.write(readsReversed, reversed);
    Path file = out.resolve("decisions-reversed.jsonl");

    replay(readsReversed, null, file);

    assertThat(canonical(lines(file))).isEqualTo(canonical(decisions));
  }

  @Test
  void aPolicyDirectoryReplacesTheShippedPolicies() throws Exception {
    Path policies = Files.createDirectories(out.resolve("policies-brussels-only"));
    Files.writeString(policies.resolve("brussels.json"), ShippedPolicies.text("brussels"));
    Path file = out.resolve("decisions-brussels-only.jsonl");

    replay(EXAMPLES.resolve("reads.jsonl"), policies, file);

    List<JsonNode> whatIf = lines(file);
    assertThat(whatIf).filteredOn(d -> d.path("read_id").asText().equals("par-cam-0001:1")
            && d.path("stage").asText().equals("READ"))
        .singleElement().satisfies(d -> assertThat(d.path("outcome").asText()).isEqualTo("NO_POLICY_IN_FORCE"));
    // Only the directory's file is loaded: both versions of Brussels, no other zone.
    assertThat(whatIf).filteredOn(d -> d.path("stage").asText().equals("CONTROL")).extracting(d -> d.path("rule").asText())
        .containsExactlyInAnyOrder("brussels@v1:policy", "brussels@v2:policy");
  }

  @Test
  void anInvalidLineStopsTheReplayNamingFileLineAndField() throws Exception {
    Path reads = out.resolve("bad-reads.jsonl");
    Files.write(reads, List.of(
        "{\"read_id\": \"c:1\", \"camera_id\": \"c\", \"captured_at_ms\": 1, \"plate_text\": \"1ABC234\"}",
        "{\"read_id\": \"c:2\", \"plate\": \"1ABC234\"}",
        "{\"read_id\": \"c:3\", \"confidence\": \"high\"}",
        "not json"));

    assertThatThrownBy(() -> replay(reads, null, out.resolve("never.jsonl")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad-reads.jsonl:2: unknown field 'plate' of PlateRead")
        .hasMessageContaining("bad-reads.jsonl:3: field 'confidence' must be a number")
        .hasMessageContaining("bad-reads.jsonl:4: not JSON");
  }

  @Test
  void onlyReadsIsEnoughEveryReadIsDecidedAgainstNoCamerasAndAnEmptyRegister() throws Exception {
    Path file = out.resolve("decisions-reads-only.jsonl");

    ReplayJob.Summary readsOnly = ReplayJob.run(ReplayJob.Inputs.readsOnly(EXAMPLES.resolve("reads.jsonl")), file);

    long readLines = Files.readAllLines(EXAMPLES.resolve("reads.jsonl")).size();
    assertThat(readsOnly.reads()).isEqualTo(readLines);
    assertThat(readsOnly.rejected()).isEqualTo(1);
    // No cameras file: every enforceable read is of an unknown camera, and still gets its decision.
    assertThat(readsOnly.byStageAndOutcome())
        .containsEntry("READ UNKNOWN_CAMERA", readLines - 1)
        .containsEntry("READ REJECTED_READ", 1L)
        .containsEntry("CONTROL POLICY_ACCEPTED", 7L);
    assertThat(lines(file)).hasSize((int) readsOnly.decisions());
  }

  @Test
  void anEmptyReadsFileAndEmptyOptionalFilesReplayToZeroReads() throws Exception {
    Path empty = Files.writeString(out.resolve("empty.jsonl"), "");
    Path blankLines = Files.writeString(out.resolve("blank-lines.jsonl"), "\n\n");
    Path file = out.resolve("decisions-empty.jsonl");

    ReplayJob.Summary nothing = ReplayJob.run(new ReplayJob.Inputs(empty, blankLines, empty, empty, null, null), file);

    assertThat(nothing.reads()).isZero();
    assertThat(nothing.rejected()).isZero();
    assertThat(nothing.byStageAndOutcome()).containsOnlyKeys("CONTROL POLICY_ACCEPTED");
    assertThat(file).exists();
  }

  @Test
  void whenEveryReadIsRejectedTheReplayStillEndsWithTheirDecisions() throws Exception {
    Path reads = Files.write(out.resolve("all-rejected.jsonl"), List.of(
        "{\"read_id\": \"c:1\", \"camera_id\": \"c\", \"captured_at_ms\": 1000}",
        "{\"read_id\": \"c:2\", \"plate_text\": \"1ABC234\", \"captured_at_ms\": 1000}"));
    Path file = out.resolve("decisions-all-rejected.jsonl");

    ReplayJob.Summary rejected = ReplayJob.run(ReplayJob.Inputs.readsOnly(reads), file);

    assertThat(rejected.reads()).isEqualTo(2);
    assertThat(rejected.rejected()).isEqualTo(2);
    assertThat(rejected.byStageAndOutcome()).containsEntry("READ REJECTED_READ", 2L);
    assertThat(lines(file)).filteredOn(d -> d.path("outcome").asText().equals("REJECTED_READ"))
        .extracting(d -> d.path("rule").asText())
        .containsExactlyInAnyOrder("read-validation:empty_plate", "read-validation:missing_camera_id");
  }

  @Test
  void aPolicyFileWithAnErrorIsOneLineNamingFileAndFieldAndLeavesNoOutput() throws Exception {
    Path policies = Files.createDirectories(out.resolve("policies-broken"));
    Files.writeString(policies.resolve("brussels.json"),
        ShippedPolicies.text("brussels").replaceFirst("\"currency\"", "\"currencyy\""));
    Path file = out.resolve("decisions-broken-policy.jsonl");
    Files.writeString(file, "an earlier replay's decisions\n");

    assertThatThrownBy(() -> replay(EXAMPLES.resolve("reads.jsonl"), policies, file))
        .isInstanceOf(ReplayJob.InvalidInput.class)
        .hasMessageContaining("brussels.json")
        .hasMessageContaining("unknown field 'currencyy'")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    // The earlier output is untouched and no partial file is left beside it.
    assertThat(Files.readString(file)).isEqualTo("an earlier replay's decisions\n");
    try (var beside = Files.list(policies.getParent())) {
      assertThat(beside.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".partial"));
    }
  }

  @Test
  void aMissingInputFileIsAnInvalidInputNotACrash() {
    assertThatThrownBy(() -> ReplayJob.run(
            new ReplayJob.Inputs(EXAMPLES.resolve("reads.jsonl"), out.resolve("no-such-vehicles.jsonl"), null, null, null, null),
            out.resolve("never-written.jsonl")))
        .isInstanceOf(ReplayJob.InvalidInput.class)
        .hasMessageContaining("no such file")
        .hasMessageContaining("no-such-vehicles.jsonl");
    assertThat(out.resolve("never-written.jsonl")).doesNotExist();
  }

  // ---- helpers ----

  private static ReplayJob.Summary replay(Path reads, Path policies, Path file) throws Exception {
    return ReplayJob.run(reads, EXAMPLES.resolve("vehicles.jsonl"), EXAMPLES.resolve("permits.jsonl"), policies,
        EXAMPLES.resolve("cameras.jsonl"), file);
  }

  private static List<JsonNode> lines(Path file) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(file)) out.add(JSON.readTree(line));
    return out;
  }

  private static List<JsonNode> stage(String stage) {
    return decisions.stream().filter(d -> d.path("stage").asText().equals(stage)).toList();
  }

  private static JsonNode only(String stage, String readId) {
    List<JsonNode> found = stage(stage).stream().filter(d -> d.path("read_id").asText().equals(readId)).toList();
    assertThat(found).as(stage + " decision of " + readId).hasSize(1);
    return found.get(0);
  }

  private static String readIds(JsonNode d) {
    List<String> ids = new ArrayList<>();
    d.path("read_ids").forEach(id -> ids.add(id.asText()));
    return ids.toString();
  }

  /** The decisions as a sorted list of lines, without what legitimately differs (the input line of a rejected read). */
  private static List<String> canonical(List<JsonNode> decisions) {
    return decisions.stream()
        .map(d -> d.path("outcome").asText().equals("REJECTED_READ") ? d.path("read_id").asText() : d.toString())
        .sorted().toList();
  }
}
