package io.lezflow.ingest.frigate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lezflow.embedded.EmbeddedKafka;
import io.lezflow.embedded.TestServices;
import io.lezflow.ingest.IngestConfig;
import io.lezflow.ingest.mqtt.IngestGateway;
import io.lezflow.embedded.MosquittoProcess;
import io.lezflow.embedded.MosquittoSecurity;
import io.lezflow.schemas.Topics;
import io.lezflow.schemas.v1.PlateRead;
import io.lezflow.schemas.v1.RejectReason;
import io.lezflow.schemas.v1.Rejected;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Done-when 4, ingest side: Frigate NVR JSON published with the real {@code mosquitto_pub} (as a
 * Frigate installation would, with its own broker user) is ingested like any camera read: a
 * validated {@code PlateRead} on lez.plate-reads.v1 keyed by vehicle key, deduplicable by its
 * deterministic read id; what cannot be mapped goes to the DLQ with its reason.
 */
class FrigateIngestITCase {
  static final String FRIGATE_CAMERA = "entrance_cam";
  static final String CAMERA_ID = "bru-cam-0042";

  @TempDir Path dir;

  @Test
  void frigatePlateEventsPublishedWithMosquittoPubBecomePlateReadsInKafka() throws Exception {
    assumeTrue(MosquittoProcess.binary().isPresent() && MosquittoProcess.findBinary("mosquitto_pub").isPresent(),
        "mosquitto and mosquitto_pub are not installed (apt-get install mosquitto mosquitto-clients)");
    EmbeddedKafka kafka = TestServices.sharedKafka();
    int port = MosquittoProcess.freePort();
    MosquittoSecurity.Generated security = MosquittoSecurity.write(dir.resolve("mosquitto"), List.of(CAMERA_ID), "ingest",
        MosquittoSecurity.BrokerSettings.local(port), MosquittoSecurity.newFleetSecret());
    FrigateInput frigate = new FrigateInput("frigate", Map.of(FRIGATE_CAMERA, CAMERA_ID), "BE");
    IngestConfig config = IngestConfig.defaults("tcp://127.0.0.1:" + port, kafka.bootstrapServers())
        .withGatewayId("ingest-frigate-it")
        .withCredentials("ingest", security.password("ingest"))
        .withOutboxDir(dir.resolve("outbox"))
        .withFrigate(frigate);

    try (MosquittoProcess broker = MosquittoProcess.start(security.configFile(), port);
        KafkaConsumer<byte[], byte[]> consumer = consumerAtEnd(kafka);
        IngestGateway gateway = new IngestGateway(config, Clock.systemUTC())) {
      gateway.start();
      double now = System.currentTimeMillis() / 1000.0;
      String objectId = String.format(java.util.Locale.ROOT, "%.6f-abc123", now - 3);
      mosquittoPub(broker, security, "frigate/events", FrigateJson.carEvent("update", objectId, FRIGATE_CAMERA, "1ABC234", 0.936, now));
      mosquittoPub(broker, security, "frigate/events", FrigateJson.carEvent("end", objectId, FRIGATE_CAMERA, "1ABC234", 0.95, now + 1));
      mosquittoPub(broker, security, "frigate/tracked_object_update",
          FrigateJson.lprUpdate(String.format(java.util.Locale.ROOT, "%.6f-def456", now - 1), FRIGATE_CAMERA, "2XYZ987", 0.88, now));
      mosquittoPub(broker, security, "frigate/events", FrigateJson.personEvent("1.1-person", FRIGATE_CAMERA, now));
      String unmapped = FrigateJson.carEvent("new", "1.2-zzz", "garage_cam", "1ABC234", 0.9, now);
      mosquittoPub(broker, security, "frigate/events", unmapped);
      mosquittoPub(broker, security, "frigate/tracked_object_update", "{not json");

      List<PlateRead> reads = new ArrayList<>();
      Map<String, String> keys = new HashMap<>();
      List<Rejected> rejected = new ArrayList<>();
      await().atMost(Duration.ofSeconds(30)).pollInSameThread().until(() -> {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.topic().equals(Topics.PLATE_READS)) {
            PlateRead read = PlateRead.parseFrom(r.value());
            if (read.getCameraId().equals(CAMERA_ID)) {
              reads.add(read);
              keys.put(read.getReadId(), new String(r.key(), StandardCharsets.UTF_8));
            }
          } else {
            Rejected dead = Rejected.parseFrom(r.value());
            if (dead.getGatewayId().equals("ingest-frigate-it")) rejected.add(dead);
          }
        }
        return reads.size() == 3 && rejected.size() == 2;
      });

      assertThat(reads).extracting(PlateRead::getPlateText).containsExactlyInAnyOrder("1ABC234", "1ABC234", "2XYZ987");
      assertThat(reads.stream().map(PlateRead::getReadId).distinct()).as("the update and the end of one object: one read id").hasSize(2);
      assertThat(reads).allSatisfy(read -> {
        assertThat(read.getPlateCountry()).isEqualTo("BE");
        assertThat(read.getCapturedAtMs()).isBetween((long) (now * 1000) - 1, (long) (now * 1000) + 1001);
      });
      assertThat(keys.values()).containsOnly("BE:1ABC234", "BE:2XYZ987");
      assertThat(rejected).extracting(Rejected::getReason)
          .containsExactlyInAnyOrder(RejectReason.REJECT_REASON_UNMAPPABLE, RejectReason.REJECT_REASON_UNPARSABLE);
      assertThat(rejected).anySatisfy(dead -> {
        assertThat(dead.getRawPayload().toStringUtf8()).isEqualTo(unmapped);
        assertThat(dead.getMqttTopic()).isEqualTo("frigate/events");
      });
      await().atMost(Duration.ofSeconds(5)).until(() -> gateway.metrics().ignoredCount("frigate", "no_plate") == 1);
      assertThat(gateway.metrics().rejectedCount(RejectReason.REJECT_REASON_UNMAPPABLE)).isEqualTo(1);
    }
  }

  /** The real mosquitto_pub, MQTT 5, QoS 1, as the Frigate user. */
  private static void mosquittoPub(MosquittoProcess broker, MosquittoSecurity.Generated security, String topic, String json)
      throws Exception {
    Process p = new ProcessBuilder(MosquittoProcess.findBinary("mosquitto_pub").orElseThrow().toString(),
        "-h", "127.0.0.1", "-p", String.valueOf(broker.port()), "-V", "5", "-q", "1",
        "-i", "frigate-it", "-u", "frigate", "-P", security.password("frigate"), "-t", topic, "-m", json)
        .redirectErrorStream(true).start();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("mosquitto_pub: " + output).isZero();
  }

  private static KafkaConsumer<byte[], byte[]> consumerAtEnd(EmbeddedKafka kafka) {
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(Topics.PLATE_READS, Topics.DLQ)) {
      consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    return consumer;
  }
}
