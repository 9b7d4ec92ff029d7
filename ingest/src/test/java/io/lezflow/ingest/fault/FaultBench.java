package io.lezflow.ingest.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lezflow.embedded.EmbeddedKafka;
import io.lezflow.embedded.MosquittoProcess;
import io.lezflow.embedded.MosquittoSecurity;
import io.lezflow.schemas.CameraIds;
import io.lezflow.schemas.Topics;
import io.lezflow.schemas.v1.PlateRead;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The real parts of a fault test: an in-process Kafka (KRaft, stop/restart on the same port), a
 * Mosquitto process with the shipped configuration (authentication, ACLs, persistence, no-loss
 * queues) on a free port, ingest gateways as child JVMs, and {@value #CAMERAS} authenticated
 * cameras. Ends with the one number that matters: acknowledged reads missing from Kafka.
 */
final class FaultBench implements AutoCloseable {
  static final int CAMERAS = 330;
  static final double READS_PER_SECOND_PER_CAMERA = 4.0;
  static final String INGEST_USER = "ingest";

  final Path dir;
  final EmbeddedKafka kafka;
  final MosquittoSecurity.Generated security;
  final MosquittoProcess broker;
  final List<String> cameraIds = IntStream.range(0, CAMERAS).mapToObj(i -> CameraIds.of("flt", i)).toList();
  final List<IngestProcess> gateways = new ArrayList<>();
  final long startedNanos = System.nanoTime();
  SimulatedCameraFleet fleet;

  FaultBench(Path dir) {
    assumeTrue(MosquittoProcess.binary().isPresent(),
        "mosquitto is not installed (apt-get install mosquitto): the fault tests run a real broker");
    this.dir = dir;
    this.kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    kafka.createLezTopics();
    int port = MosquittoProcess.freePort();
    this.security = MosquittoSecurity.write(dir.resolve("mosquitto"), cameraIds, INGEST_USER,
        MosquittoSecurity.BrokerSettings.local(port), MosquittoSecurity.newFleetSecret());
    this.broker = MosquittoProcess.start(security.configFile(), port);
  }

  /** A gateway child process (not started) with its own outbox and probe port. */
  IngestProcess gateway(String gatewayId, Map<String, String> extraEnv) {
    Map<String, String> env = new HashMap<>();
    env.put("LEZ_MQTT_URL", broker.url());
    env.put("LEZ_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
    env.put("LEZ_MQTT_USERNAME", INGEST_USER);
    env.put("LEZ_MQTT_PASSWORD", security.password(INGEST_USER));
    env.put("LEZ_INGEST_OUTBOX_DIR", dir.resolve("outbox-" + gatewayId).toString());
    env.put("LEZ_INGEST_KNOWN_CAMERAS", String.join(",", cameraIds));
    env.putAll(extraEnv);
    IngestProcess gateway = new IngestProcess(gatewayId, env, dir.resolve(gatewayId + ".log"), MosquittoProcess.freePort());
    gateways.add(gateway);
    return gateway;
  }

  static void awaitStarted(IngestProcess gateway) {
    await().atMost(Duration.ofSeconds(60)).until(() -> gateway.started() || !gateway.alive());
    assertThat(gateway.alive()).as(gateway.gatewayId + " is running; log:\n" + gateway.logText()).isTrue();
  }

  void startCameras() throws Exception {
    fleet = new SimulatedCameraFleet(broker.url(), cameraIds, security::password, READS_PER_SECOND_PER_CAMERA);
    fleet.start();
  }

  /** Lets the cameras publish for a while (the fault tests' notion of time passing under load). */
  void publishFor(Duration duration) {
    long target = fleet.generated() + (long) (duration.toMillis() / 1000.0 * CAMERAS * READS_PER_SECOND_PER_CAMERA * 0.95);
    await().atMost(duration.multipliedBy(3)).pollInterval(Duration.ofMillis(100)).until(() -> fleet.generated() >= target);
  }

  /** Stops generating and waits until every generated read was acknowledged to its camera. */
  void finishPublishing() {
    fleet.stopGenerating();
    try {
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> fleet.unacknowledged() == 0);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("cameras still hold unacknowledged reads: " + fleet.describe() + diagnostics(), e);
    }
  }

  /** Logs of the broker and the gateways, for failure messages. */
  String diagnostics() {
    StringBuilder out = new StringBuilder("\n--- mosquitto log tail:\n").append(broker.logTail());
    for (IngestProcess gateway : gateways) {
      List<String> lines = gateway.logText().lines().toList();
      out.append("\n--- ").append(gateway.gatewayId).append(" log tail:\n")
          .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
    }
    return out.toString();
  }

  /** Read ids on lez.plate-reads.v1, with how many records carried them, once {@code expected} are all there (or the timeout passed). */
  Map<String, Integer> readIdsInKafka(Set<String> expected, Duration timeout) {
    Map<String, Integer> seen = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000))) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.PLATE_READS).stream()
          .map(p -> new TopicPartition(Topics.PLATE_READS, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Set<String> missing = new HashSet<>(expected);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!missing.isEmpty() && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          String readId = parse(record.value()).getReadId();
          seen.merge(readId, 1, Integer::sum);
          missing.remove(readId);
        }
      }
      // read to the end, so that duplicates are counted too
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          seen.merge(parse(record.value()).getReadId(), 1, Integer::sum);
        }
      }
    }
    return seen;
  }

  /**
   * The acceptance check: every acknowledged read is in Kafka. Prints one summary line for the
   * report.
   */
  void assertNoAcknowledgedReadMissing(String scenario) {
    Set<String> acknowledged = fleet.acknowledged();
    Map<String, Integer> inKafka = readIdsInKafka(acknowledged, Duration.ofSeconds(120));
    Set<String> missing = new HashSet<>(acknowledged);
    missing.removeAll(inKafka.keySet());
    long records = inKafka.values().stream().mapToLong(Integer::longValue).sum();
    System.out.printf(Locale.ROOT,
        "FAULT %s: cameras=%d generated=%d acknowledged=%d inKafka(distinct)=%d records=%d duplicates=%d missing=%d "
            + "republishedByCameras=%d noSubscribersPubacks=%d refused=%d time=%.0fs%n",
        scenario, fleet.cameras(), fleet.generated(), acknowledged.size(), inKafka.size(), records, records - inKafka.size(),
        missing.size(), fleet.republished(), fleet.noSubscribers(), fleet.refused(), (System.nanoTime() - startedNanos) / 1e9);
    assertThat(fleet.refused()).as("reads the broker refused").isZero();
    assertThat(acknowledged).as("acknowledged reads").hasSizeGreaterThan(CAMERAS * 10);
    assertThat(missing).as("acknowledged reads missing from Kafka").isEmpty();
  }

  private static PlateRead parse(byte[] bytes) {
    try {
      return PlateRead.parseFrom(bytes);
    } catch (Exception e) {
      throw new AssertionError("not a PlateRead on " + Topics.PLATE_READS, e);
    }
  }

  @Override
  public void close() {
    if (fleet != null) fleet.close();
    for (IngestProcess gateway : gateways) gateway.close();
    broker.close();
    kafka.close();
  }
}
