package io.lezflow.police.hotlist;

import io.lezflow.police.Connections;
import io.lezflow.police.audit.AuditLog;
import io.lezflow.police.audit.AuditRecord;
import io.lezflow.schemas.Topics;
import io.lezflow.schemas.v1.HotlistAlert;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the hotlist job's alerts ({@link Topics#HOTLIST_ALERTS}) to the control rooms: stores each
 * once in {@code hotlist_alerts} (its id is {@code entry/read}, so a replayed alert is dropped),
 * audits it (kind HOTLIST_ALERT), and publishes it as JSON on MQTT {@code {root}/alerts/{policeZone}}
 * (QoS 1), where a zone's control room subscribes; the portal's live view reads the table through
 * {@link AlertFeed}. Offsets are committed after a batch is stored, so an alert is never lost:
 * at least once to MQTT, exactly once in the table and the audit log. One thread; run one notifier.
 */
public final class AlertNotifier implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertNotifier.class);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Connections db;
  private final AuditLog audit;
  private final MqttClient mqtt;
  private final String mqttRoot;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  /**
   * @param mqttUrl null for no MQTT notifications
   * @param mqttRoot topic root, e.g. {@code lez/v1}
   */
  public AlertNotifier(String kafkaBootstrap, Connections db, AuditLog audit, String mqttUrl, String mqttRoot) throws MqttException {
    this.db = db;
    this.audit = audit;
    this.mqttRoot = mqttRoot;
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "lezflow-alert-notifier",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.CLIENT_ID_CONFIG, "lez-alert-notifier"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    if (mqttUrl != null) {
      mqtt = new MqttClient(mqttUrl, "lez-alert-notifier-" + ProcessHandle.current().pid(), new MemoryPersistence());
      MqttConnectionOptions options = new MqttConnectionOptions();
      options.setAutomaticReconnect(true);
      options.setCleanStart(true);
      options.setConnectionTimeout(10);
      mqtt.connect(options);
    } else {
      mqtt = null;
    }
    consumer.subscribe(List.of(Topics.HOTLIST_ALERTS));
    thread = new Thread(this::loop, "lezflow-alert-notifier");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (running.get()) {
      try {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
        for (ConsumerRecord<byte[], byte[]> record : records) handle(record.value());
        if (!records.isEmpty()) consumer.commitSync();
      } catch (org.apache.kafka.common.errors.WakeupException e) {
        break;
      } catch (RuntimeException e) {
        LOG.warn("hotlist alerts: a batch failed and is retried: {}", e.getMessage());
        sleepQuietly();
      }
    }
    consumer.close(Duration.ofSeconds(2));
  }

  private void handle(byte[] value) {
    HotlistAlert a;
    try {
      a = HotlistAlert.parseFrom(value);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      LOG.warn("hotlist alerts: skipped a record that is not a HotlistAlert");
      return;
    }
    Instant now = Instant.now();
    boolean fresh;
    try (Connection c = db.open(); PreparedStatement insert = c.prepareStatement(
        "INSERT INTO hotlist_alerts (alert_id, entry_id, police_zone, camera_id, read_id, captured_at, match, alerted_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (alert_id) DO NOTHING RETURNING alert_id")) {
      insert.setString(1, a.getAlertId());
      insert.setString(2, a.getEntryId());
      insert.setString(3, a.getPoliceZone());
      insert.setString(4, a.getCameraId());
      insert.setString(5, a.getReadId());
      insert.setObject(6, OffsetDateTime.ofInstant(Instant.ofEpochMilli(a.getCapturedAtMs()), ZoneOffset.UTC));
      insert.setString(7, a.getMatch());
      insert.setObject(8, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
      try (ResultSet rs = insert.executeQuery()) {
        fresh = rs.next();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("storing a hotlist alert failed: SQLState " + e.getSQLState());
    }
    if (!fresh) return;
    audit.append(new AuditRecord("HOTLIST_ALERT", "hotlist-job", "system", a.getPoliceZone(), null, "hotlist match",
        null, "alert=" + a.getAlertId() + " reference=" + a.getReference() + " match=" + a.getMatch() + " camera=" + a.getCameraId(),
        1, AuditRecord.ALLOWED, null));
    if (mqtt != null) {
      Alert alert = new Alert(a.getAlertId(), a.getEntryId(), a.getPoliceZone(), a.getReference(), a.getReason(), a.getReadId(),
          a.getCameraId(), Instant.ofEpochMilli(a.getCapturedAtMs()), a.getMatch(), a.getLatitude(), a.getLongitude(), now);
      try {
        MqttMessage message = new MqttMessage(alert.toJson().getBytes(StandardCharsets.UTF_8), 1, false, null);
        mqtt.publish(topic(mqttRoot, a.getPoliceZone()), message);
      } catch (MqttException e) {
        LOG.warn("hotlist alert {} stored but not sent on MQTT: reason code {}", a.getAlertId(), e.getReasonCode());
      }
    }
  }

  /** The MQTT topic of a police zone's alerts. */
  public static String topic(String mqttRoot, String policeZone) {
    return mqttRoot + "/alerts/" + policeZone;
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(500); // back-off pacing after a failed batch, not synchronisation
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running.set(false);
    consumer.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (mqtt != null) {
      try {
        mqtt.disconnect(2_000);
        mqtt.close();
      } catch (MqttException e) {
        LOG.debug("closing the alert notifier's MQTT client: reason code {}", e.getReasonCode());
      }
    }
  }
}
