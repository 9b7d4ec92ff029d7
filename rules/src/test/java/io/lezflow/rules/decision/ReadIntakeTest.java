package io.lezflow.rules.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.rules.decision.ReadIntake.Intake;
import io.lezflow.rules.decision.ReadIntake.Timing;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The checks before a decision: duplicate read id, lateness (both sides of the bound), camera without a zone. */
class ReadIntakeTest {

  private static final ReadIntake INTAKE = new ReadIntake(Duration.ofMinutes(10));
  private static final Instant EVENT_TIME = Instant.parse("2026-03-20T10:00:00Z");

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      on time, ahead of the event time            | 2026-03-20T10:05:00Z     | false | ADMITTED
      exactly the allowed lateness behind          | 2026-03-20T09:50:00Z     | false | ADMITTED
      1 ms more than the allowed lateness behind   | 2026-03-20T09:49:59.999Z | false | LATE_READ
      a read id seen before, on time               | 2026-03-20T10:05:00Z     | true  | DUPLICATE_READ
      a read id seen before and late: duplicate    | 2026-03-20T09:00:00Z     | true  | DUPLICATE_READ
      """)
  void admits(String name, String capturedAt, boolean seen, String expected) {
    Optional<Decision> d = INTAKE.admit("cam-1:7", "BE:1ABC234", Instant.parse(capturedAt), EVENT_TIME, seen);
    assertThat(d.map(x -> x.outcome().name()).orElse("ADMITTED")).isEqualTo(expected);
    d.ifPresent(x -> {
      assertThat(x.readId()).isEqualTo("cam-1:7");
      assertThat(x.vehicleKey()).isEqualTo("BE:1ABC234");
      assertThat(x.explanation()).doesNotContain("1ABC234");
      assertThat(x.candidate()).isNull();
    });
  }

  @ParameterizedTest(name = "no event time yet: {0} is never late")
  @CsvSource({"1970-01-01T00:00:00Z", "2026-03-20T09:00:00Z"})
  void nothingIsLateBeforeTheFirstEventTime(String capturedAt) {
    assertThat(INTAKE.admit("c:1", "BE:1ABC234", Instant.parse(capturedAt), null, false)).isEmpty();
    assertThat(INTAKE.isLate(Instant.parse(capturedAt), Instant.MIN)).isFalse();
  }

  @ParameterizedTest(name = "zone {0}")
  @CsvSource(nullValues = "null", value = {"brussels, ACCEPTED", "null, UNKNOWN_CAMERA", "'', UNKNOWN_CAMERA"})
  void assignsTheCameraZone(String zone, String expected) {
    Intake intake = INTAKE.assign("cam-9:1", "cam-9", EVENT_TIME, "BE:1ABC234", "BE", 0.9f, "", zone,
        "camera cam-9 is not in the registry");
    if (intake instanceof Intake.Accepted a) {
      assertThat(expected).isEqualTo("ACCEPTED");
      assertThat(a.read().zoneId()).isEqualTo(zone);
      assertThat(a.read().capturedAt()).isEqualTo(EVENT_TIME);
    } else {
      Decision n = ((Intake.NotDecided) intake).decision();
      assertThat(n.outcome().name()).isEqualTo(expected);
      assertThat(n.explanation()).contains("cam-9 is not in the registry").doesNotContain("1ABC234");
      assertThat(n.rule()).isEqualTo("camera-registry:unknown-camera");
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
      behind the event time: now, replay or live           | 2026-03-20T09:59:00Z | false | false | DECIDE_NOW BEHIND_EVENT_TIME    | false
      at the event time exactly: now                       | 2026-03-20T10:00:00Z | false | false | DECIDE_NOW BEHIND_EVENT_TIME    | false
      replay, ahead of the event time: hold               | 2026-03-20T10:00:01Z | false | true  | HOLD                            | false
      live, ahead, reference complete: now                 | 2026-03-20T10:00:01Z | true  | true  | DECIDE_NOW LIVE_WITH_REFERENCE  | true
      live, ahead, reference incomplete: hold              | 2026-03-20T10:00:01Z | true  | false | HOLD                            | true
      """)
  void anAdmittedReadIsDecidedNowOrHeldUntilTheEventTimeReachesIt(
      String name, String capturedAt, boolean live, boolean complete, String expected, boolean referenceAsked) {
    AtomicInteger asked = new AtomicInteger();
    Instant t = Instant.parse(capturedAt);

    Timing timing = INTAKE.timing(t, EVENT_TIME, live, () -> {
      asked.incrementAndGet();
      return new ReadIntake.Reference(complete, true, true);
    });

    String actual = timing instanceof Timing.DecideNow now ? "DECIDE_NOW " + now.because() : "HOLD";
    assertThat(actual).isEqualTo(expected);
    if (timing instanceof Timing.HoldUntil hold) assertThat(hold.until()).isEqualTo(t);
    assertThat(asked.get() > 0).as("reference asked (it costs state reads)").isEqualTo(referenceAsked);
  }

  @ParameterizedTest(name = "register entry {0}, camera zone {1}, zone policy {2}: complete {3}")
  @CsvSource({"true, true, true, true", "false, true, true, false", "true, false, true, false", "true, true, false, false"})
  void aLiveReadNeedsItsRegisterEntryCameraZoneAndPolicy(boolean entry, boolean camera, boolean policy, boolean complete) {
    assertThat(new ReadIntake.Reference(entry, camera, policy).complete()).isEqualTo(complete);
    Timing timing = INTAKE.timing(EVENT_TIME.plusSeconds(1), EVENT_TIME, true, () -> new ReadIntake.Reference(entry, camera, policy));
    assertThat(timing instanceof Timing.DecideNow).isEqualTo(complete);
  }

  @ParameterizedTest(name = "no event time yet, live {0}: held")
  @CsvSource({"false", "true"})
  void beforeTheFirstEventTimeAReadWithoutItsReferenceIsHeld(boolean live) {
    Timing timing = INTAKE.timing(EVENT_TIME, null, live, () -> new ReadIntake.Reference(false, true, true));
    assertThat(timing).isInstanceOf(Timing.HoldUntil.class);
  }
}
