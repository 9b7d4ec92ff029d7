package io.lezflow.sim.reference;

import io.lezflow.sim.mqtt.CameraFleet;

import io.lezflow.sim.SimulatorConfig;
import io.lezflow.sim.traffic.VehiclePopulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lezflow.embedded.EmbeddedKafka;
import io.lezflow.schemas.Topics;
import io.lezflow.schemas.v1.CameraRegistration;
import io.lezflow.schemas.v1.Permit;
import io.lezflow.schemas.v1.PermitKind;
import io.lezflow.schemas.v1.VehicleRecord;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The camera registry and the permits, written to a real (in-process) Kafka and read back. */
class ReferenceDataPublishersITCase {
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 28);

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

  @FunctionalInterface
  interface Parser<T> {
    T parse(byte[] bytes) throws InvalidProtocolBufferException;
  }

  @Test
  void theCameraTopicHoldsTheFleetsRegistrationsKeyedByCameraIdAndARepublishChangesNothing() throws Exception {
    SimulatorConfig config = SimulatorConfig.defaults("tcp://127.0.0.1:1883").withZoneId("brussels");

    CameraRegistryPublisher.publish(kafka.bootstrapServers(), config);
    List<ConsumerRecord<byte[], byte[]>> first = readAll(Topics.CAMERAS);
    assertThat(first).hasSize(330);
    Map<String, CameraRegistration> registry = latestByKey(first, CameraRegistration::parseFrom, CameraRegistration::getCameraId);
    assertThat(registry.values()).containsExactlyInAnyOrderElementsOf(CameraRegistry.of(config));
    assertThat(registry.keySet()).containsExactlyInAnyOrderElementsOf(new CameraFleet(config,
        VehiclePopulation.generate(config.seed(), config.vehicles(), TODAY), java.time.Clock.systemUTC()).cameraIds());
    assertThat(registry.values()).allMatch(r -> r.getZoneId().equals("brussels") && r.getActive());
    assertThat(registry.values().stream().map(CameraRegistration::getPoliceZone).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("5339", "5340", "5341", "5342", "5343", "5344");

    // Published again (a restarted simulator): the same record per key, so the compacted state is unchanged.
    CameraRegistryPublisher.publish(kafka.bootstrapServers(), config);
    List<ConsumerRecord<byte[], byte[]>> both = readAll(Topics.CAMERAS);
    assertThat(both).hasSize(660);
    assertThat(latestByKey(both, CameraRegistration::parseFrom, CameraRegistration::getCameraId)).isEqualTo(registry);
  }

  @Test
  void thePermitTopicHoldsARegistrationForEveryForeignNonDutchVehicle() throws Exception {
    List<VehicleRecord> population = VehiclePopulation.generate(42, 20_000, TODAY);
    Set<String> foreign = population.stream().filter(v -> !Set.of("BE", "NL").contains(v.getCountry()))
        .map(VehicleRecord::getVehicleKey).collect(Collectors.toSet());
    assertThat(population.stream().filter(v -> v.getCountry().equals("NL"))).isNotEmpty();

    List<Permit> published = PermitPublisher.publishForeignRegistrations(kafka.bootstrapServers(), population, "brussels", TODAY);

    Map<String, Permit> readBack = latestByKey(readAll(Topics.PERMITS), Permit::parseFrom, Permit::getPermitId);
    assertThat(readBack.values().stream().map(Permit::getVehicleKey).collect(Collectors.toSet())).isEqualTo(foreign);
    assertThat(readBack.values()).containsExactlyInAnyOrderElementsOf(published);
    long validFrom = TODAY.minusYears(1).atStartOfDay(VehiclePopulation.BRUSSELS).toInstant().toEpochMilli();
    long validUntil = TODAY.plusYears(2).atStartOfDay(VehiclePopulation.BRUSSELS).toInstant().toEpochMilli();
    assertThat(readBack.values()).allSatisfy(p -> {
      assertThat(p.getKind()).isEqualTo(PermitKind.PERMIT_KIND_FOREIGN_REGISTRATION);
      assertThat(p.getZoneId()).isEqualTo("brussels");
      assertThat(p.getValidFromMs()).isEqualTo(validFrom);
      assertThat(p.getValidUntilMs()).isEqualTo(validUntil);
      assertThat(p.getIssuedAtMs()).isEqualTo(validFrom);
    });
  }

  @Test
  void permitsAreKeyedByPermitIdSoCompactionKeepsEveryPermitOfAVehicleAndTheLatestStateOfEach() throws Exception {
    String topic = "lez.permits.v1.two-permits-test";
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
          .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)))).all().get();
    }
    VehicleRecord foreign = VehiclePopulation.generate(42, 20_000, TODAY).stream()
        .filter(ForeignRegistrations::requiresRegistration).findFirst().orElseThrow();
    Permit registration = ForeignRegistrations.of(List.of(foreign), "brussels", TODAY).get(0);
    long day = TODAY.atStartOfDay(VehiclePopulation.BRUSSELS).toInstant().toEpochMilli();
    Permit dayPass = Permit.newBuilder().setPermitId("pass-brussels-" + TODAY + "-1").setVehicleKey(foreign.getVehicleKey())
        .setZoneId("brussels").setKind(PermitKind.PERMIT_KIND_DAY_PASS).setValidFromMs(day)
        .setValidUntilMs(day + Duration.ofHours(30).toMillis()).setIssuedAtMs(day).build();
    Permit secondPass = dayPass.toBuilder().setPermitId("pass-brussels-" + TODAY.plusDays(1) + "-1")
        .setValidFromMs(day + Duration.ofDays(1).toMillis()).setValidUntilMs(day + Duration.ofHours(54).toMillis()).build();
    Permit secondPassRevoked = secondPass.toBuilder().setRevoked(true).build();

    PermitPublisher.publish(kafka.bootstrapServers(), topic, List.of(registration, dayPass, secondPass, secondPassRevoked),
        "permits", AcknowledgedKafkaWrites.MAX_BLOCK_MS);

    List<ConsumerRecord<byte[], byte[]>> records = readAll(topic);
    assertThat(records).hasSize(4);
    // Three keys for one vehicle: what compaction keeps is the latest record of each.
    Map<String, Permit> compacted = latestByKey(records, Permit::parseFrom, Permit::getPermitId);
    assertThat(compacted.keySet()).containsExactly(registration.getPermitId(), dayPass.getPermitId(), secondPass.getPermitId());
    assertThat(compacted.values()).containsExactly(registration, dayPass, secondPassRevoked);
    assertThat(compacted.values()).extracting(Permit::getVehicleKey).containsOnly(foreign.getVehicleKey());
  }

  @Test
  void aPermitWithoutIdIsRefusedBeforeAnythingIsSentAndTheMessageNamesNoPlate() {
    Permit noId = Permit.newBuilder().setVehicleKey("FR:AB123CD").setZoneId("brussels").build();
    // An unreachable address: had the check not come first, this would fail on Kafka instead.
    assertThatThrownBy(() -> PermitPublisher.publish("127.0.0.1:1", Topics.PERMITS, List.of(noId), "permits", 2_000))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("permit 1 of 1 has no permit_id")
        .hasMessageNotContaining("AB123CD");
  }

  @Test
  void anUnreachableKafkaFailsWithItsAddressAndTopic() throws IOException {
    int freePort;
    try (ServerSocket socket = new ServerSocket(0)) {
      freePort = socket.getLocalPort();
    }
    String bootstrap = "127.0.0.1:" + freePort;
    assertThatThrownBy(() -> CameraRegistryPublisher.publish(bootstrap, Topics.CAMERAS, SimulatorConfig.defaults("tcp://h:1"), 2_000))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining(bootstrap).hasMessageContaining(Topics.CAMERAS)
        .hasMessageContaining("camera registry");
    assertThatThrownBy(() -> PermitPublisher.publishForeignRegistrations(bootstrap, Topics.PERMITS,
            VehiclePopulation.generate(1, 10, TODAY), "brussels", TODAY, 2_000))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining(bootstrap).hasMessageContaining(Topics.PERMITS);
  }

  /** The latest value per key; the key must be the value's own id. */
  private static <T> Map<String, T> latestByKey(List<ConsumerRecord<byte[], byte[]>> records, Parser<T> parser, Function<T, String> idOf)
      throws InvalidProtocolBufferException {
    Map<String, T> latest = new LinkedHashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      T value = parser.parse(r.value());
      String key = new String(r.key(), StandardCharsets.UTF_8);
      assertThat(key).isEqualTo(idOf.apply(value));
      latest.put(key, value);
    }
    return latest;
  }

  /** Every record of the topic up to its end offsets, in partition order. */
  private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
      }
    }
    return records;
  }
}
