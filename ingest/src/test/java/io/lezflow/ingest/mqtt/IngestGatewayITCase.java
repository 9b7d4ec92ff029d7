package io.lezflow.ingest.mqtt;

import io.lezflow.ingest.IngestConfig;
import io.lezflow.ingest.IngestMain;
import io.lezflow.ingest.ProbeServer;
import io.lezflow.ingest.handoff.SafeHandoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.lezflow.embedded.EmbeddedKafka;
import io.lezflow.embedded.TestServices;
import io.lezflow.ingest.routing.OutboundRecord;
import io.lezflow.ingest.validation.PlateReadValidator;
import io.lezflow.ingest.validation.PlateReads;
import io.lezflow.ingest.validation.ReadVerdict;
import io.lezflow.ingest.validation.Rejected;
import io.lezflow.schemas.CameraIds;
import io.lezflow.schemas.MqttTopics;
import io.lezflow.schemas.Topics;
import io.lezflow.schemas.VehicleKeys;
import io.lezflow.schemas.v1.CameraState;
import io.lezflow.schemas.v1.CameraStatus;
import io.lezflow.schemas.v1.PlateRead;
import io.lezflow.schemas.v1.RejectReason;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway on real parts: an MQTT 5 broker (embedded HiveMQ, or the machine's Mosquitto with
 * {@code LEZ_TEST_MQTT_URL=tcp://127.0.0.1:1883}) and an in-process Kafka broker.
 */
class IngestGatewayITCase {
  static final int CAMERAS = 20;
  static final int VALID_READS = 20_000;
  static final int MAX_LAG = 900;

  @TempDir static Path kafkaDir;
  static EmbeddedKafka kafka;
  @TempDir Path outboxDir;

  final String mqttUrl = TestServices.mqttUrl();
  final MqttTopics topics = TestServices.freshTopics();
  final String gatewayId = "ingest-it-" + UUID.randomUUID().toString().substring(0, 8);
  final List<String> cameras = IntStream.range(0, CAMERAS).mapToObj(i -> CameraIds.of("it", i)).toList();
  KafkaConsumer<byte[], byte[]> consumer;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.start(kafkaDir);
    kafka.createLezTopics();
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) kafka.close();
  }

  @BeforeEach
  void openConsumer() {
    consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000));
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(Topics.PLATE_READS, Topics.DLQ, Topics.CAMERA_STATUS)) {
      consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions); // only what this test produces
    partitions.forEach(consumer::position);
  }

  @AfterEach
  void cleanUp() throws Exception {
    consumer.close();
    PipelinedPublisher.forgetSession(mqttUrl, gatewayId);
  }

  IngestConfig config() {
    return IngestConfig.defaults(mqttUrl, kafka.bootstrapServers())
        .withTopics(topics)
        .withGatewayId(gatewayId)
        .withOutboxDir(outboxDir)
        .withKnownCameras(new HashSet<>(cameras));
  }

  @Test
  void forwardsEveryValidReadAndDeadLettersEveryMalformedOneWithItsReason() throws Exception {
    Instant now = Instant.now();
    Map<String, PlateRead> valid = new LinkedHashMap<>();
    for (int i = 0; i < VALID_READS; i++) {
      String camera = cameras.get(i % CAMERAS);
      PlateRead read = PlateReads.valid(camera, i / CAMERAS, now.minusMillis(VALID_READS - i))
          .setPlateText(String.format("%d-ABC-%03d", 1 + i % 9, i % 1000)).build();
      valid.put(read.getReadId(), read);
    }
    Map<ByteString, Malformed> malformed = malformedCorpus(now);
    List<byte[]> statuses = cameras.subList(0, 3).stream()
        .map(c -> CameraStatus.newBuilder().setCameraId(c).setState(CameraState.CAMERA_STATE_ONLINE)
            .setReportedAtMs(now.toEpochMilli()).build().toByteArray())
        .toList();

    try (IngestGateway gateway = new IngestGateway(config(), Clock.systemUTC())) {
      gateway.start();
      Map<String, ConsumerRecord<byte[], byte[]>> reads = new HashMap<>();
      Map<ByteString, io.lezflow.schemas.v1.Rejected> deadLetters = new HashMap<>();
      Map<String, CameraStatus> statusByKey = new HashMap<>();
      long[] readRecords = {0};

      long started = System.nanoTime();
      try (PipelinedPublisher publisher = new PipelinedPublisher(mqttUrl)) {
        int i = 0;
        List<Malformed> bad = new ArrayList<>(malformed.values());
        for (PlateRead read : valid.values()) {
          publishKeepingUp(publisher, gateway, topics.reads(read.getCameraId()), read.toByteArray());
          // malformed input in the middle of the stream, not only at its end
          if (++i % (VALID_READS / bad.size()) == 0 && !bad.isEmpty()) {
            Malformed m = bad.remove(bad.size() - 1);
            publishKeepingUp(publisher, gateway, m.topic(), m.payload());
          }
        }
        for (Malformed m : bad) publishKeepingUp(publisher, gateway, m.topic(), m.payload());
        for (int s = 0; s < statuses.size(); s++) publishKeepingUp(publisher, gateway, topics.status(cameras.get(s)), statuses.get(s));
        publisher.flush();
      }
      double publishSeconds = (System.nanoTime() - started) / 1e9;

      await().atMost(Duration.ofSeconds(90)).pollInSameThread().pollInterval(Duration.ofMillis(50)).until(() -> {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          switch (r.topic()) {
            case Topics.PLATE_READS -> {
              readRecords[0]++;
              reads.put(PlateRead.parseFrom(r.value()).getReadId(), r);
            }
            case Topics.DLQ -> {
              var rejected = io.lezflow.schemas.v1.Rejected.parseFrom(r.value());
              deadLetters.put(rejected.getRawPayload(), rejected);
            }
            case Topics.CAMERA_STATUS -> statusByKey.put(new String(r.key(), StandardCharsets.UTF_8), CameraStatus.parseFrom(r.value()));
            default -> throw new AssertionError(r.topic());
          }
        }
        return reads.size() == valid.size() && deadLetters.size() == malformed.size() && statusByKey.size() == statuses.size();
      });
      double endToEndSeconds = (System.nanoTime() - started) / 1e9;
      System.out.printf("IngestGatewayITCase on %s: %d messages published in %.2f s (%.0f msg/s); all in Kafka after %.2f s (%.0f msg/s through the gateway)%n",
          mqttUrl, VALID_READS + malformed.size() + statuses.size(), publishSeconds,
          (VALID_READS + malformed.size() + statuses.size()) / publishSeconds, endToEndSeconds,
          (VALID_READS + malformed.size() + statuses.size()) / endToEndSeconds);

      // every valid read, keyed by its vehicle key, as the bytes the camera sent
      assertThat(reads.keySet()).isEqualTo(valid.keySet());
      for (Map.Entry<String, ConsumerRecord<byte[], byte[]>> e : reads.entrySet()) {
        PlateRead sent = valid.get(e.getKey());
        assertThat(new String(e.getValue().key(), StandardCharsets.UTF_8))
            .isEqualTo(VehicleKeys.of(sent.getPlateCountry(), sent.getPlateText()));
        assertThat(e.getValue().value()).isEqualTo(sent.toByteArray());
      }
      // every malformed message kept, with the right reason and provenance
      for (Map.Entry<ByteString, Malformed> e : malformed.entrySet()) {
        var rejected = deadLetters.get(e.getKey());
        assertThat(rejected).as(e.getValue().name()).isNotNull();
        assertThat(rejected.getReason()).as(e.getValue().name()).isEqualTo(e.getValue().reason());
        assertThat(rejected.getMqttTopic()).isEqualTo(e.getValue().topic());
        assertThat(rejected.getGatewayId()).isEqualTo(gatewayId);
        assertThat(rejected.getCameraId()).isEqualTo(topics.cameraIdOf(e.getValue().topic()).orElseThrow());
      }
      assertThat(statusByKey.keySet()).containsExactlyInAnyOrderElementsOf(cameras.subList(0, 3));

      // counters: each message counted once, as accepted or rejected, once Kafka has it
      await().atMost(Duration.ofSeconds(10)).until(() -> gateway.inFlight() == 0);
      long total = VALID_READS + malformed.size() + statuses.size();
      assertThat(gateway.received()).isEqualTo(total);
      assertThat(gateway.accepted()).isEqualTo(VALID_READS + statuses.size());
      assertThat(gateway.rejected()).isEqualTo(malformed.size());
      assertThat(readRecords[0]).as("no duplicates in a run without faults").isEqualTo(VALID_READS);
      Map<RejectReason, Long> expectedByReason = malformed.values().stream()
          .collect(Collectors.groupingBy(Malformed::reason, Collectors.counting()));
      expectedByReason.forEach((reason, count) ->
          assertThat(gateway.metrics().rejectedCount(reason)).as(reason.name()).isEqualTo(count));

      try (ProbeServer probes = ProbeServer.start(gateway, 0)) {
        var http = java.net.http.HttpClient.newHttpClient();
        java.util.function.Function<String, java.net.http.HttpResponse<String>> get = path -> {
          try {
            return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + probes.port() + path)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        };
        await().atMost(Duration.ofSeconds(10)).until(() -> get.apply("/health/ready").statusCode() == 200);
        assertThat(get.apply("/health/live").statusCode()).isEqualTo(200);
        assertThat(get.apply("/health/ready").body()).contains("mqttConnected=true", "kafkaReachable=true", "outboxBelowBound=true");
        assertThat(get.apply("/metrics").body()).contains("lez_ingest_outbox_records 0.0", "lez_ingest_messages_received_total");
      }

      String scrape = scrape(gateway);
      System.out.printf("IngestGatewayITCase on %s: mean Kafka send latency %.1f ms%n", mqttUrl,
          1000 * metricValue(scrape, "lez_ingest_kafka_send_latency_seconds_sum") / metricValue(scrape, "lez_ingest_kafka_send_latency_seconds_count"));
      assertThat(scrape)
          .contains("lez_ingest_messages_received_total " + total + ".0")
          .contains("lez_ingest_messages_rejected_total{reason=\"oversized\"} 1.0")
          .contains("lez_ingest_kafka_send_latency_seconds_count")
          .contains("lez_ingest_in_flight_messages 0.0")
          // No plate in any metric; camera ids are a bounded label (capped per gateway) that the
          // cameras dashboard needs for reads per camera.
          .doesNotContain("ABC-")
          .contains("lez_ingest_camera_messages_total{camera=\"" + cameras.get(0) + "\",kind=\"read\"}");
    }
  }

  @Test
  void readsPublishedWhileTheGatewayIsAwayArriveWhenItComesBack() throws Exception {
    Instant now = Instant.now();
    int before = 500;
    // Below 1,000: Mosquitto's default max_queued_messages per offline session (docs/design.md, "Dependency facts"). More
    // would be dropped by such a broker, whatever the gateway does.
    int whileAway = 800;
    Set<String> expected = new HashSet<>();
    try (PipelinedPublisher publisher = new PipelinedPublisher(mqttUrl)) {
      try (IngestGateway first = new IngestGateway(config(), Clock.systemUTC())) {
        first.start();
        for (int i = 0; i < before; i++) expected.add(publish(publisher, i, now));
        publisher.flush();
        await().atMost(Duration.ofSeconds(30)).until(() -> first.accepted() == before);
      } // closes: the session, with its shared subscription, stays on the broker
      for (int i = before; i < before + whileAway; i++) expected.add(publish(publisher, i, now));
      publisher.flush();
    }

    Set<String> seen = new HashSet<>();
    try (IngestGateway second = new IngestGateway(config(), Clock.systemUTC())) {
      second.start();
      await().atMost(Duration.ofSeconds(60)).pollInSameThread().until(() -> {
        consumer.poll(Duration.ofMillis(200)).records(Topics.PLATE_READS)
            .forEach(r -> seen.add(parse(r.value()).getReadId()));
        return seen.containsAll(expected);
      });
      assertThat(second.received()).as("the second gateway got what was published while away").isGreaterThanOrEqualTo(whileAway);
    }
    assertThat(seen).containsAll(expected);
  }

  /**
   * Publishes, staying at most {@link #MAX_LAG} messages ahead of the gateway. Why: a broker with
   * a bounded per-session queue (Mosquitto's default max_queued_messages is 1,000) silently drops
   * what overflows it when publishers outrun the subscriber; that is broker configuration, not
   * something the gateway can prevent, and it must not decide this test.
   */
  private static void publishKeepingUp(PipelinedPublisher publisher, IngestGateway gateway, String topic, byte[] payload)
      throws Exception {
    if (publisher.published() - gateway.received() >= MAX_LAG) {
      await().atMost(Duration.ofSeconds(30)).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
          .until(() -> publisher.published() - gateway.received() < MAX_LAG / 2);
    }
    publisher.publish(topic, payload);
  }

  @Test
  void messagesThatNeverBecameSafeAreNotAcknowledgedAndComeBackToTheSession() throws Exception {
    Instant now = Instant.now();
    int count = 50;
    Set<String> expected = new HashSet<>();
    List<OutboundRecord> held = java.util.Collections.synchronizedList(new ArrayList<>());
    SafeHandoff neverSafe = new SafeHandoff() { // e.g. Kafka unreachable for the whole life of this gateway
      @Override public void handOff(OutboundRecord record, Runnable whenSafe) { held.add(record); }
      @Override public void close(Duration timeout) {}
    };
    try (PipelinedPublisher publisher = new PipelinedPublisher(mqttUrl)) {
      try (IngestGateway stuck = new IngestGateway(config(), Clock.systemUTC(), (c, m) -> neverSafe)) {
        stuck.drainTimeout(Duration.ofMillis(200));
        stuck.start();
        for (int i = 0; i < count; i++) expected.add(publish(publisher, i, now));
        publisher.flush();
        // Mosquitto sends up to the receive maximum (all 50); HiveMQ sends a batch and waits for
        // all of its acknowledgements before the next, so it may stop after the first few.
        await().atMost(Duration.ofSeconds(30)).until(() -> !held.isEmpty() && stuck.inFlight() == held.size());
        assertThat(stuck.accepted()).isZero();
      } // closes with everything unsafe: nothing may have been acknowledged
    }

    Set<String> seen = new HashSet<>();
    try (IngestGateway recovered = new IngestGateway(config(), Clock.systemUTC())) {
      recovered.start();
      await().atMost(Duration.ofSeconds(60)).pollInSameThread().until(() -> {
        consumer.poll(Duration.ofMillis(200)).records(Topics.PLATE_READS).forEach(r -> seen.add(parse(r.value()).getReadId()));
        return seen.containsAll(expected);
      });
    }
    assertThat(seen).isEqualTo(expected);
  }

  @Test
  void runsAsItsOwnProcessConfiguredFromTheEnvironmentAndStopsCleanlyOnSigterm() throws Exception {
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), IngestMain.class.getName());
    builder.environment().put("LEZ_MQTT_URL", mqttUrl);
    builder.environment().put("LEZ_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
    builder.environment().put("LEZ_INGEST_ID", gatewayId);
    builder.environment().put("LEZ_MQTT_TOPIC_ROOT", topics.root());
    builder.environment().put("LEZ_INGEST_KNOWN_CAMERAS", String.join(",", cameras));
    builder.environment().put("LEZ_INGEST_OUTBOX_DIR", outboxDir.toString());
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    builder.redirectErrorStream(true);
    Process process = builder.start();
    List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
    Thread reader = new Thread(() -> {
      try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        lines.lines().forEach(output::add);
      } catch (java.io.IOException ignored) {
        // process gone
      }
    });
    reader.start();
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> output.stream().anyMatch(l -> l.contains(gatewayId + " started")));
      Instant now = Instant.now();
      Set<String> expected = new HashSet<>();
      try (PipelinedPublisher publisher = new PipelinedPublisher(mqttUrl)) {
        for (int i = 0; i < 200; i++) expected.add(publish(publisher, i, now));
      }
      Set<String> seen = new HashSet<>();
      await().atMost(Duration.ofSeconds(30)).pollInSameThread().until(() -> {
        consumer.poll(Duration.ofMillis(200)).records(Topics.PLATE_READS).forEach(r -> seen.add(parse(r.value()).getReadId()));
        return seen.containsAll(expected);
      });

      process.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of its output)

      assertThat(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      reader.join(5_000);
      assertThat(output).anyMatch(l -> l.contains("ingest gateway " + gatewayId + " closed: received=200 accepted=200 rejected=0"));
      assertThat(process.exitValue()).isEqualTo(143); // 128 + SIGTERM, after the shutdown hook ran
    } finally {
      process.destroyForcibly();
    }
  }

  private String publish(PipelinedPublisher publisher, int i, Instant now) throws Exception {
    String camera = cameras.get(i % CAMERAS);
    PlateRead read = PlateReads.valid(camera, i, now).build();
    publisher.publish(topics.reads(camera), read.toByteArray());
    return read.getReadId();
  }

  private static PlateRead parse(byte[] bytes) {
    try {
      return PlateRead.parseFrom(bytes);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  record Malformed(String name, String topic, byte[] payload, RejectReason reason) {}

  /** One message per reason code, plus random bytes and truncated reads; keyed by payload. */
  private Map<ByteString, Malformed> malformedCorpus(Instant now) {
    String cam = cameras.get(1);
    String reads = topics.reads(cam);
    List<Malformed> corpus = new ArrayList<>();
    corpus.add(new Malformed("garbage", reads, new byte[] {0x0f, 0x0e, 0x0d}, RejectReason.REJECT_REASON_UNPARSABLE));
    corpus.add(new Malformed("empty", reads, new byte[0], RejectReason.REJECT_REASON_UNPARSABLE));
    corpus.add(new Malformed("oversized", reads,
        padded(PlateReads.valid(cam, 900_001, now).build(), 16 * 1024 + 1), RejectReason.REJECT_REASON_OVERSIZED));
    corpus.add(new Malformed("other camera's read", reads,
        PlateReads.valid(cameras.get(2), 900_002, now).build().toByteArray(), RejectReason.REJECT_REASON_CAMERA_MISMATCH));
    corpus.add(new Malformed("camera not in the list", topics.reads("it-cam-0777"),
        PlateReads.valid("it-cam-0777", 1, now).build().toByteArray(), RejectReason.REJECT_REASON_UNKNOWN_CAMERA));
    corpus.add(new Malformed("no plate", reads,
        PlateReads.valid(cam, 900_003, now).clearPlateText().build().toByteArray(), RejectReason.REJECT_REASON_MISSING_FIELD));
    corpus.add(new Malformed("8 days old", reads,
        PlateReads.valid(cam, 900_004, now.minus(Duration.ofDays(8))).build().toByteArray(), RejectReason.REJECT_REASON_CAPTURE_TOO_OLD));
    corpus.add(new Malformed("an hour ahead", reads,
        PlateReads.valid(cam, 900_005, now.plus(Duration.ofHours(1))).build().toByteArray(), RejectReason.REJECT_REASON_CAPTURE_IN_FUTURE));
    corpus.add(new Malformed("impossible Dutch plate", reads,
        PlateReads.valid(cam, 900_006, now).setPlateCountry("NL").setPlateText("ABCDEFGH").build().toByteArray(),
        RejectReason.REJECT_REASON_INVALID_PLATE));
    corpus.add(new Malformed("confidence NaN", reads,
        PlateReads.valid(cam, 900_007, now).setConfidence(Float.NaN).build().toByteArray(),
        RejectReason.REJECT_REASON_CONFIDENCE_OUT_OF_RANGE));
    corpus.add(new Malformed("garbage status", topics.status(cam), new byte[] {0x0f, 0x01}, RejectReason.REJECT_REASON_UNPARSABLE));
    corpus.add(new Malformed("read_id of another sequence", reads,
        PlateReads.valid(cam, 900_008, now).setSequence(900_009).build().toByteArray(), RejectReason.REJECT_REASON_INCONSISTENT_READ_ID));
    // random bytes and truncated reads: the expected reason is what the (unit-tested) validator says
    PlateReadValidator validator = new PlateReadValidator(config().validationLimits(), Clock.systemUTC());
    Random random = new Random(42);
    for (int i = 0; i < 5; i++) {
      byte[] bytes = new byte[1 + random.nextInt(200)];
      random.nextBytes(bytes);
      corpus.add(new Malformed("random " + i, reads, bytes, expectedRejection(validator, cam, bytes)));
      byte[] full = PlateReads.valid(cam, 910_000 + i, now).build().toByteArray();
      byte[] cut = java.util.Arrays.copyOf(full, 5 + random.nextInt(full.length / 2));
      corpus.add(new Malformed("truncated " + i, reads, cut, expectedRejection(validator, cam, cut)));
    }
    Map<ByteString, Malformed> byPayload = new LinkedHashMap<>();
    corpus.forEach(m -> byPayload.put(ByteString.copyFrom(m.payload()), m));
    assertThat(byPayload).hasSameSizeAs(corpus);
    return byPayload;
  }

  private static RejectReason expectedRejection(PlateReadValidator validator, String camera, byte[] bytes) {
    ReadVerdict verdict = validator.validate(camera, bytes);
    assertThat(verdict).as("corpus entries must be invalid").isInstanceOf(Rejected.class);
    return ((Rejected) verdict).reason();
  }

  private static byte[] padded(PlateRead read, int size) {
    for (int fill = size; fill >= 0; fill--) {
      PlateRead p = read.toBuilder().setUnknownFields(com.google.protobuf.UnknownFieldSet.newBuilder()
          .addField(100, com.google.protobuf.UnknownFieldSet.Field.newBuilder()
              .addLengthDelimited(ByteString.copyFrom(new byte[fill])).build()).build()).build();
      if (p.getSerializedSize() == size) return p.toByteArray();
    }
    throw new IllegalArgumentException("cannot pad to " + size);
  }

  private static double metricValue(String scrape, String name) {
    return scrape.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1)))
        .findFirst().orElseThrow();
  }

  private static String scrape(IngestGateway gateway) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, gateway.metrics().registry().scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

}
