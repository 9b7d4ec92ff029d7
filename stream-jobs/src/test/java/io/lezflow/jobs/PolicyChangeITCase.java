package io.lezflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.embedded.EmbeddedKafka;
import io.lezflow.jobs.kafka.PolicyPublisher;
import io.lezflow.jobs.records.DecisionRecord;
import io.lezflow.jobs.records.ViolationRecord;
import io.lezflow.jobs.testing.BrusselsTraffic;
import io.lezflow.jobs.testing.CollectingSink;
import io.lezflow.jobs.testing.KafkaTestSupport;
import io.lezflow.rules.policy.BanStep;
import io.lezflow.rules.policy.FineRule;
import io.lezflow.rules.policy.ZonePolicy;
import io.lezflow.rules.policy.json.ShippedPolicies;
import io.lezflow.rules.model.ViolationType;
import io.lezflow.schemas.Topics;
import io.lezflow.schemas.v1.CameraRegistration;
import io.lezflow.schemas.v1.Fuel;
import io.lezflow.schemas.v1.PlateRead;
import io.lezflow.schemas.v1.VehicleCategory;
import io.lezflow.schemas.v1.VehicleRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A policy change published to Kafka takes effect for the reads captured after its effective
 * time, while the job runs: the job is started with Brussels v1 only; v2 (diesel Euro 5 banned and
 * a EUR 500 fine from 1 June 2026) is published to {@code lez.zone-policies.v1}; reads on both
 * sides of that instant are then decided under the version in force at their capture, and every
 * decision and violation says which. No restart in between.
 */
class PolicyChangeITCase {
  private static final long EFFECTIVE = brussels("2026-06-01T00:00");
  private static final int PARALLELISM = 2;
  private static final String CAMERA = "bru-cam-0001";

  @TempDir static Path dataDir;
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.start(dataDir);
    kafka.createLezTopics();
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) kafka.close();
  }

  @Test
  void aNewVersionPublishedWhileTheJobRunsDecidesTheReadsAfterItsEffectiveTime(@TempDir Path checkpoints) throws Exception {
    ZonePolicy v1 = ShippedPolicies.file("brussels").versions().get(0);
    PolicyPublisher.publish(kafka.bootstrapServers(), List.of(v1));
    KafkaTestSupport.produce(kafka, List.of(
        camera(CAMERA),
        vehicle("BE:3AAA777", Fuel.FUEL_DIESEL, 5),   // allowed under v1 in 2026, banned by v2
        vehicle("BE:3CCC777", Fuel.FUEL_DIESEL, 4),   // banned under both
        vehicle("BE:3EEE777", Fuel.FUEL_DIESEL, 4),   // banned under both
        vehicle("BE:3HHH777", Fuel.FUEL_PETROL, 6))); // pushes event time forward

    CollectingSink<DecisionRecord> decisions = CollectingSink.named("policy-change-decisions");
    CollectingSink<ViolationRecord> violations = CollectingSink.named("policy-change-violations");
    EnforcementJobConfig config = new EnforcementJobConfig(kafka.bootstrapServers(), "jdbc:postgresql://unused/db",
        "postgres", "", checkpoints.toString(), Duration.ofSeconds(1), PARALLELISM, "policy-it-secret-0123456789",
        "policy-change-it", false);
    EnforcementSettings settings = EnforcementSettings.defaults(config.sightingsHmacKey()).withIdleness(Duration.ofSeconds(1), Duration.ofSeconds(1));
    Configuration overrides = new Configuration();
    overrides.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    JobClient client = EnforcementJob.kafkaInputs(config, settings)
        .decisionsSink(decisions)
        .addViolationsSink("test-violations", violations)
        .build()
        .start(EnforcementJob.localEnvironment(config, overrides));
    try {
      awaitAcceptedEverywhere(decisions, 1);

      PolicyPublisher.publish(kafka.bootstrapServers(), List.of(brusselsV2(v1)));
      awaitAcceptedEverywhere(decisions, 2);

      List<PlateRead> reads = List.of(
          read(1, "3-AAA-777", EFFECTIVE - Duration.ofHours(1).toMillis()),
          read(2, "3-AAA-777", EFFECTIVE + Duration.ofHours(1).toMillis()),
          read(3, "3-CCC-777", EFFECTIVE - Duration.ofHours(2).toMillis()),
          read(4, "3-EEE-777", EFFECTIVE + Duration.ofHours(2).toMillis()),
          read(5, "3-HHH-777", EFFECTIVE + Duration.ofDays(5).toMillis()));
      KafkaTestSupport.produce(kafka, BrusselsTraffic.readRecords(reads));

      // 12 s on an idle 2-core machine; generous for a loaded CI host, the wait ends as soon as the decisions are there.
      Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
          assertThat(decisions.collected()).filteredOn(d -> d.stage == DecisionRecord.Stage.FINAL).hasSize(3));
      assertThat(client.getJobExecutionResult()).isNotDone();
    } finally {
      client.cancel().get(30, TimeUnit.SECONDS);
    }

    Map<String, DecisionRecord> read = byReadId(decisions, DecisionRecord.Stage.READ);
    assertThat(read.get(CAMERA + ":1")).satisfies(d -> {
      assertThat(d.outcome).isEqualTo("COMPLIANT");
      assertThat(d.policyVersion).isEqualTo(1);
      assertThat(d.explanation).contains("policy brussels v1");
    });
    assertThat(read.get(CAMERA + ":2")).satisfies(d -> {
      assertThat(d.outcome).isEqualTo("CANDIDATE");
      assertThat(d.policyVersion).isEqualTo(2);
      assertThat(d.rule).isEqualTo("brussels@v2:ban-step/diesel-euro-5");
    });
    assertThat(read.get(CAMERA + ":3").policyVersion).isEqualTo(1);
    assertThat(read.get(CAMERA + ":4").policyVersion).isEqualTo(2);

    assertThat(violations.collected()).extracting(v -> v.readIds[0] + " v" + v.policyVersion + " " + v.fineCents + " " + v.rule)
        .containsExactlyInAnyOrder(
            CAMERA + ":2 v2 50000 brussels@v2:ban-step/diesel-euro-5",
            CAMERA + ":3 v1 35000 brussels@v1:ban-step/diesel-euro-4",
            CAMERA + ":4 v2 50000 brussels@v2:ban-step/diesel-euro-4");
    assertThat(violations.collected()).allSatisfy(v ->
        assertThat(v.explanation).contains("policy brussels v" + v.policyVersion));
  }

  /** v1 with the diesel Euro 5 step brought forward from 2027 to the effective day, and a EUR 500 fine. */
  private static ZonePolicy brusselsV2(ZonePolicy v1) {
    LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(EFFECTIVE), v1.timeZone());
    List<BanStep> steps = v1.banSteps().stream()
        .map(s -> s.id().equals("diesel-euro-5")
            ? new BanStep(s.id(), s.categories(), s.fuels(), s.limit(), day, null, "test: brought forward to " + day)
            : s)
        .toList();
    List<FineRule> fines = v1.fines().stream()
        .map(f -> f.violation() == ViolationType.EMISSION_BAN ? new FineRule(f.violation(), f.categories(), 50_000) : f)
        .toList();
    return new ZonePolicy(v1.zoneId(), 2, v1.name(), Instant.ofEpochMilli(EFFECTIVE), v1.timeZone(), v1.currency(),
        v1.enforcement(), v1.domesticCountries(), v1.manualReviewBelowConfidence(), steps, v1.enforcementWindows(),
        v1.chargeFreeDays(), v1.exemptions(), fines, v1.fineLimits(), v1.dayPass(), v1.foreignRegistration(),
        v1.dailyCharge(), v1.sources());
  }

  /** Every enforcement instance has accepted {@code version} of Brussels: reads sent from now on meet it. */
  private static void awaitAcceptedEverywhere(CollectingSink<DecisionRecord> decisions, int version) {
    Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
        assertThat(decisions.collected()).filteredOn(d -> d.stage == DecisionRecord.Stage.CONTROL
                && d.outcome.equals(DecisionRecord.POLICY_ACCEPTED) && d.policyVersion == version)
            .hasSize(PARALLELISM));
  }

  private static Map<String, DecisionRecord> byReadId(CollectingSink<DecisionRecord> decisions, DecisionRecord.Stage stage) {
    return decisions.collected().stream().filter(d -> d.stage == stage)
        .collect(Collectors.toMap(d -> d.readId, Function.identity()));
  }

  private static ProducerRecord<byte[], byte[]> camera(String id) {
    return new ProducerRecord<>(Topics.CAMERAS, BrusselsTraffic.bytes(id), CameraRegistration.newBuilder()
        .setCameraId(id).setZoneId("brussels").setActive(true).setUpdatedAtMs(brussels("2026-01-01T00:00")).build().toByteArray());
  }

  private static ProducerRecord<byte[], byte[]> vehicle(String key, Fuel fuel, int euro) {
    return new ProducerRecord<>(Topics.VEHICLES, BrusselsTraffic.bytes(key), VehicleRecord.newBuilder()
        .setVehicleKey(key).setCategory(VehicleCategory.VEHICLE_CATEGORY_M1).setFuel(fuel).setEuroNorm(euro)
        .setFirstRegistration("2012-01-01").setCritAir(-1).setUpdatedAtMs(brussels("2026-01-01T00:00")).build().toByteArray());
  }

  private static PlateRead read(int seq, String plate, long capturedAtMs) {
    return BrusselsTraffic.read(CAMERA, seq, capturedAtMs, new BrusselsTraffic.Vehicle("BE", plate, null), 0.95f);
  }

  private static long brussels(String local) {
    return LocalDateTime.parse(local).atZone(BrusselsTraffic.BRUSSELS).toInstant().toEpochMilli();
  }
}
