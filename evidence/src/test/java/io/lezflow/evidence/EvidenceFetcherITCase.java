package io.lezflow.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lezflow.embedded.EmbeddedKafka;
import io.lezflow.embedded.TestDatabase;
import io.lezflow.embedded.TestServices;
import io.lezflow.schemas.v1.Direction;
import io.lezflow.schemas.v1.PlateRead;
import io.lezflow.schemas.v1.VehicleRecord;
import io.lezflow.schemas.v1.Violation;
import io.lezflow.sim.images.CameraImageServer;
import io.lezflow.sim.images.CameraImageStore;
import io.lezflow.sim.traffic.Passage;
import io.lezflow.sim.images.PlateImages;
import io.lezflow.sim.traffic.PlateReads;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Done-when 5 of issue 9 on real Kafka, PostgreSQL and the simulated cameras' HTTP endpoint: a
 * compliant read's image never leaves its camera, the images of a fine and of a warning reach the
 * evidence store verified, and an image whose bytes no longer match the hash its camera sent is
 * refused with an alarm and never stored.
 */
class EvidenceFetcherITCase {

  @Test
  void onlyViolationImagesWithTheirCamerasHashBecomeEvidence() throws Exception {
    EmbeddedKafka kafka = TestServices.sharedKafka();
    String topic = "lez.violations.test-" + UUID.randomUUID();
    kafka.createTopics(List.of(topic));
    CameraImageStore images = CameraImageStore.withDefaults(Clock.systemUTC());
    PlateRead compliant = capture(images, "bru-cam-0001", 1, "1-AAA-001");
    PlateRead fined = capture(images, "bru-cam-0001", 2, "1-BBB-002");
    PlateRead warned = capture(images, "bru-cam-0002", 1, "1-CCC-003");
    PlateRead tampered = capture(images, "bru-cam-0002", 2, "1-DDD-004");
    // The camera's copy changed after the read (and its hash) were sent.
    byte[] altered = PlateImages.render(tampered.toBuilder().setPlateText("1-DDD-005").build());
    images.put(tampered.getEvidence().getImageKey(), altered, tampered.getCapturedAtMs());

    try (TestDatabase db = TestServices.freshDatabase();
        CameraImageServer camera = CameraImageServer.start(images, 0)) {
      EvidenceFetcherConfig config = EvidenceFetcherConfig.defaults(kafka.bootstrapServers(), db.jdbcUrl(), db.user(), db.password(),
          URI.create(camera.baseUrl())).withTopic(topic, "evidence-it-" + UUID.randomUUID());
      // The enforcement job decided: the compliant read made no violation, so only three are published,
      // the fine twice (a redelivery).
      publish(kafka, topic, List.of(violation(fined, false), violation(warned, true), violation(tampered, false), violation(fined, false)));

      try (EvidenceFetcher fetcher = EvidenceFetcher.start(config)) {
        await().atMost(Duration.ofSeconds(60)).until(() -> fetcher.metrics().violationsConsumed() >= 4
            && count(db, "SELECT count(*) FROM evidence_images") + count(db, "SELECT count(*) FROM evidence_alarms") >= 3);

        assertThat(storedHashes(db)).containsExactlyInAnyOrder(hash(fined), hash(warned));
        assertThat(count(db, "SELECT count(*) FROM evidence_images WHERE sha256 = '" + hash(compliant) + "'")).isZero();
        assertThat(camera.imagesServed()).isEqualTo(3);
        try (Connection c = db.open();
            PreparedStatement q = c.prepareStatement("SELECT kind, read_id, expected_sha256, actual_sha256 FROM evidence_alarms");
            ResultSet alarm = q.executeQuery()) {
          assertThat(alarm.next()).isTrue();
          assertThat(alarm.getString("kind")).isEqualTo("HASH_MISMATCH");
          assertThat(alarm.getString("read_id")).isEqualTo(tampered.getReadId());
          assertThat(alarm.getString("expected_sha256")).isEqualTo(hash(tampered));
          assertThat(alarm.getString("actual_sha256")).isEqualTo(EvidencePlans.sha256Hex(altered));
          assertThat(alarm.next()).isFalse();
        }
        try (Connection c = db.open();
            PreparedStatement q = c.prepareStatement("SELECT content, content_type, read_id FROM evidence_images WHERE sha256 = ?")) {
          q.setString(1, hash(fined));
          try (ResultSet row = q.executeQuery()) {
            assertThat(row.next()).isTrue();
            assertThat(row.getBytes("content")).isEqualTo(PlateImages.render(fined));
            assertThat(row.getString("content_type")).isEqualTo("image/png");
            assertThat(row.getString("read_id")).isEqualTo(fined.getReadId());
          }
        }
        assertThat(fetcher.metrics().hashMismatches()).isEqualTo(1);
        assertThat(fetcher.metrics().imagesStored()).isEqualTo(2);
      }
    }
  }

  private static PlateRead capture(CameraImageStore images, String camera, long sequence, String plate) {
    VehicleRecord vehicle = VehicleRecord.newBuilder().setCountry("BE").setPlate(plate).setVehicleKey("BE:" + plate.replace("-", "")).build();
    PlateRead read = PlateReads.capture(camera, sequence, System.currentTimeMillis(), vehicle,
        new Passage(0, 1, Direction.DIRECTION_INBOUND, 0.95f, true));
    byte[] png = PlateImages.render(read);
    read = PlateReads.withImage(read, png);
    images.put(read.getEvidence().getImageKey(), png, read.getCapturedAtMs());
    return read;
  }

  /** What the enforcement job publishes for a fine or a warning resting on this read. */
  private static Violation violation(PlateRead read, boolean warning) {
    return Violation.newBuilder()
        .setViolationId("v-" + read.getReadId())
        .setZoneId("brussels")
        .setVehicleKey("BE:" + read.getPlateText().replace("-", ""))
        .addReadIds(read.getReadId())
        .setCameraId(read.getCameraId())
        .setFirstSeenMs(read.getCapturedAtMs())
        .setWarningOnly(warning)
        .setPlateText(read.getPlateText())
        .setImageSha256(read.getEvidence().getImageSha256())
        .build();
  }

  private static void publish(EmbeddedKafka kafka, String topic, List<Violation> violations) throws Exception {
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
      for (Violation v : violations) producer.send(new ProducerRecord<>(topic, v.getViolationId(), v.toByteArray())).get();
    }
  }

  private static String hash(PlateRead read) {
    return read.getEvidence().getImageSha256();
  }

  private static List<String> storedHashes(TestDatabase db) throws Exception {
    List<String> hashes = new ArrayList<>();
    try (Connection c = db.open(); PreparedStatement q = c.prepareStatement("SELECT sha256 FROM evidence_images"); ResultSet rows = q.executeQuery()) {
      while (rows.next()) hashes.add(rows.getString(1));
    }
    return hashes;
  }

  private static long count(TestDatabase db, String sql) throws Exception {
    try (Connection c = db.open(); PreparedStatement q = c.prepareStatement(sql); ResultSet rows = q.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
