package io.lezflow.jobs.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lezflow.jobs.replay.DecisionJson;
import io.lezflow.rules.decision.DropReason;
import io.lezflow.rules.decision.FinalOutcome;
import io.lezflow.rules.decision.Outcome;
import io.lezflow.rules.decision.ReviewReason;
import io.lezflow.rules.facts.VehicleMatch;
import io.lezflow.rules.model.ViolationType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each stage's typed decision in the sinks' one shape: the JSON line of {@code lezflow replay}
 * (through {@link DecisionRecord}), field for field, for the outcomes whose fields differ.
 */
class StageDecisionTest {
  private static final long T = Instant.parse("2026-11-02T07:15:00Z").toEpochMilli();
  private static final LocalDate DAY = LocalDate.parse("2026-11-02");
  private static final Instant DUE = Instant.parse("2026-11-03T23:00:00Z");

  private static final Map<String, StageDecision> CASES = Map.of(
      "compliant", new ReadStageDecision("c:1", "c", T, "BE:2XYZ987", Outcome.COMPLIANT, "brussels", 2,
          "brussels@v2:compliant", "why", "BE:2XYZ987", VehicleMatch.Kind.EXACT, 0, DAY, null, null, null, null, null,
          null, null),
      "warning", new ReadStageDecision("c:2", "c", T, "BE:1ABC234", Outcome.WARNING, "brussels", 2, "brussels@v2:warn",
          "why", "BE:1ABC234", VehicleMatch.Kind.EXACT, 0, DAY, null, ViolationType.EMISSION_BAN, "v-1", null, "EUR",
          null, LocalDate.parse("2027-02-02")),
      "candidate for review", new ReadStageDecision("c:3", "c", T, "BE:1A8C234", Outcome.CANDIDATE, "brussels", 2,
          "brussels@v2:ban", "why", "BE:1ABC234", VehicleMatch.Kind.FUZZY, 1, DAY, null, ViolationType.EMISSION_BAN,
          "v-1", ReviewReason.FUZZY_PLATE_MATCH, null, DUE, null),
      "unknown camera", new ReadStageDecision("c:4", "c", T, "BE:1ABC234", Outcome.UNKNOWN_CAMERA, "", 0,
          "camera-registry:unknown-camera", "why", "BE:1ABC234", null, 0, null, null, null, null, null, null, null, null),
      "rejected read", ReadStageDecision.rejected(null, "c", T, "read-validation:no_plate", "line 3: not enforceable"),
      "issued", new FinalStageDecision(FinalOutcome.ISSUE, new String[] {"c:1", "c:2"}, "c", T, "brussels", 2,
          "brussels@v2:ban", "why", "BE:1ABC234", "BE:1ABC234", DAY, ViolationType.EMISSION_BAN, "v-1", DUE, null,
          35_000, "EUR", false, null, null),
      "dropped, no policy in force", new FinalStageDecision(FinalOutcome.DROP, new String[] {"c:1"}, "c", T, "brussels",
          0, "brussels:no-policy", "why", "BE:1ABC234", "BE:1ABC234", DAY, ViolationType.EMISSION_BAN, "v-1", DUE, null,
          0, null, false, DropReason.NO_POLICY_IN_FORCE, null),
      "policy accepted", new ControlStageDecision(ControlStageDecision.Outcome.POLICY_ACCEPTED, "brussels", 3, "ok"),
      "policy rejected, key without a version", ControlStageDecision.rejected("brussels@vX", "bad"));

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      compliant            | {"stage":"READ","outcome":"COMPLIANT","read_id":"c:1","camera_id":"c","captured_at":"2026-11-02T07:15:00Z","zone_id":"brussels","policy_version":2,"rule":"brussels@v2:compliant","vehicle_key":"BE:2XYZ987","read_vehicle_key":"BE:2XYZ987","match":"EXACT","enforcement_day":"2026-11-02","explanation":"why"}
      warning              | {"stage":"READ","outcome":"WARNING","read_id":"c:2","camera_id":"c","captured_at":"2026-11-02T07:15:00Z","zone_id":"brussels","policy_version":2,"rule":"brussels@v2:warn","vehicle_key":"BE:1ABC234","read_vehicle_key":"BE:1ABC234","match":"EXACT","enforcement_day":"2026-11-02","violation_type":"EMISSION_BAN","violation_id":"v-1","fine_cents":0,"currency":"EUR","warning_only":true,"fineable_from":"2027-02-02","explanation":"why"}
      candidate for review | {"stage":"READ","outcome":"CANDIDATE","read_id":"c:3","camera_id":"c","captured_at":"2026-11-02T07:15:00Z","zone_id":"brussels","policy_version":2,"rule":"brussels@v2:ban","vehicle_key":"BE:1ABC234","read_vehicle_key":"BE:1A8C234","match":"FUZZY","match_score":1,"enforcement_day":"2026-11-02","violation_type":"EMISSION_BAN","violation_id":"v-1","decide_at":"2026-11-03T23:00:00Z","needs_review":true,"review_reason":"FUZZY_PLATE_MATCH","explanation":"why"}
      unknown camera       | {"stage":"READ","outcome":"UNKNOWN_CAMERA","read_id":"c:4","camera_id":"c","captured_at":"2026-11-02T07:15:00Z","zone_id":"","policy_version":0,"rule":"camera-registry:unknown-camera","vehicle_key":"BE:1ABC234","read_vehicle_key":"BE:1ABC234","explanation":"why"}
      rejected read        | {"stage":"READ","outcome":"REJECTED_READ","camera_id":"c","captured_at":"2026-11-02T07:15:00Z","policy_version":0,"rule":"read-validation:no_plate","explanation":"line 3: not enforceable"}
      issued               | {"stage":"FINAL","outcome":"ISSUE","read_id":"c:1","read_ids":["c:1","c:2"],"camera_id":"c","captured_at":"2026-11-02T07:15:00Z","zone_id":"brussels","policy_version":2,"rule":"brussels@v2:ban","vehicle_key":"BE:1ABC234","read_vehicle_key":"BE:1ABC234","enforcement_day":"2026-11-02","violation_type":"EMISSION_BAN","violation_id":"v-1","decide_at":"2026-11-03T23:00:00Z","fine_cents":35000,"currency":"EUR","explanation":"why"}
      dropped, no policy in force | {"stage":"FINAL","outcome":"DROP","read_id":"c:1","read_ids":["c:1"],"camera_id":"c","captured_at":"2026-11-02T07:15:00Z","zone_id":"brussels","policy_version":0,"rule":"brussels:no-policy","vehicle_key":"BE:1ABC234","read_vehicle_key":"BE:1ABC234","enforcement_day":"2026-11-02","violation_type":"EMISSION_BAN","violation_id":"v-1","decide_at":"2026-11-03T23:00:00Z","drop_reason":"NO_POLICY_IN_FORCE","explanation":"why"}
      policy accepted      | {"stage":"CONTROL","outcome":"POLICY_ACCEPTED","zone_id":"brussels","policy_version":3,"rule":"brussels@v3:policy","explanation":"ok"}
      policy rejected, key without a version | {"stage":"CONTROL","outcome":"POLICY_REJECTED","zone_id":"brussels","policy_version":0,"rule":"brussels@v0:policy","explanation":"bad"}
      """)
  void eachStageHasOneJsonShape(String name, String json) {
    DecisionRecord record = CASES.get(name).toRecord();
    assertThat(DecisionJson.toJson(record)).isEqualTo(json);
    // A new record each time: the sinks may keep or change it.
    assertThat(CASES.get(name).toRecord()).isEqualTo(record).isNotSameAs(record);
  }

  @Test
  void aDropReasonGoesWithADropAndOnlyWithIt() {
    assertThatThrownBy(() -> new FinalStageDecision(FinalOutcome.DROP, new String[] {"c:1"}, "c", T, "brussels", 2, "r",
        "e", "BE:1ABC234", "BE:1ABC234", DAY, ViolationType.EMISSION_BAN, "v-1", DUE, null, 0, "EUR", false, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FinalStageDecision(FinalOutcome.ISSUE, new String[] {"c:1"}, "c", T, "brussels", 2, "r",
        "e", "BE:1ABC234", "BE:1ABC234", DAY, ViolationType.EMISSION_BAN, "v-1", DUE, null, 0, "EUR", false,
        DropReason.DAY_PASS_IN_TIME, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FinalStageDecision(FinalOutcome.ISSUE, new String[0], "c", T, "brussels", 2, "r",
        "e", "BE:1ABC234", "BE:1ABC234", DAY, ViolationType.EMISSION_BAN, "v-1", DUE, null, 0, "EUR", false, null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aFinalDecisionKeepsItsOwnCopyOfTheReadIds() {
    String[] ids = {"c:1", "c:2"};
    FinalStageDecision d = new FinalStageDecision(FinalOutcome.MANUAL_REVIEW, ids, "c", T, "brussels", 2, "r", "e",
        "BE:1ABC234", "BE:1ABC234", DAY, ViolationType.EMISSION_BAN, "v-1", DUE, ReviewReason.LOW_CONFIDENCE, 35_000,
        "EUR", false, null, null);
    ids[0] = "changed";
    assertThat(d.readIds()).containsExactly("c:1", "c:2");
    assertThat(d.toRecord().needsReview).isTrue();
    assertThat(d.toRecord().reviewReason).isEqualTo("LOW_CONFIDENCE");
  }
}
