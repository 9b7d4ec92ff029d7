package io.lezflow.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.lezflow.embedded.TestServices;
import io.lezflow.ingest.IngestConfig;
import io.lezflow.ingest.mqtt.IngestGateway;
import io.lezflow.jobs.kafka.PolicyPublisher;
import io.lezflow.police.Connections;
import io.lezflow.police.LegalProfile;
import io.lezflow.police.PoliceCaller;
import io.lezflow.police.audit.AuditLog;
import io.lezflow.police.hotlist.HotlistStore;
import io.lezflow.police.hotlist.KafkaHotlistPublisher;
import io.lezflow.police.retention.RetentionPolicy;
import io.lezflow.police.search.PlateSearch;
import io.lezflow.police.search.SearchLimits;
import io.lezflow.police.search.SearchRequest;
import io.lezflow.police.search.SearchResult;
import io.lezflow.schemas.MqttTopics;
import io.lezflow.schemas.VehicleKeys;
import io.lezflow.schemas.plates.VehicleHmacKeyring;
import io.lezflow.schemas.v1.VehicleRecord;
import io.lezflow.sim.mqtt.CameraFleet;
import io.lezflow.sim.reference.CameraRegistry;
import io.lezflow.sim.reference.CameraRegistryPublisher;
import io.lezflow.sim.SimulatorConfig;
import io.lezflow.sim.traffic.VehiclePopulation;
import io.lezflow.sim.reference.VehicleRegisterPublisher;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Issue 10 end to end, one run of the police side on the local stack (simulated cameras -> ingest
 * -> Kafka -> enforcement, camera-health and hotlist jobs -> PostgreSQL, alert notifier):
 *
 * <ul>
 *   <li>done-when 2: no simulated plate in clear in the sightings table (nor the hotlist, alert and
 *       audit tables) or in any log line of the run;
 *   <li>done-when 5 (figure): a hotlisted plate passing a camera of the zone becomes a stored alert;
 *       the capture-to-alert delay is printed;
 *   <li>done-when 6: cameras whose simulator is stopped are shown offline within the configured time.
 * </ul>
 */
class PoliceEndToEndITCase {
  static final Duration OFFLINE_AFTER = Duration.ofSeconds(12);
  static final String[] POLICE_ZONES = {"5339", "5340", "5341", "5342", "5343", "5344"};

  @TempDir Path dir;

  @Test
  void platesStayHiddenAlertsArriveAndStoppedCamerasGoOffline() throws Exception {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level rootLevel = root.getLevel();
    root.setLevel(Level.INFO);
    logs.start();
    root.addAppender(logs);
    Clock clock = Clock.systemUTC();
    String schema = "police_e2e_" + Long.toHexString(System.nanoTime());
    StackEndpoints endpoints = new StackEndpoints(TestServices.externalMqttUrl(), Optional.empty(), TestServices.externalJdbcUrl(),
        "postgres", "");
    MqttTopics topics = TestServices.freshTopics();
    List<VehicleRecord> population = VehiclePopulation.generate(7L, 20, LocalDate.now(clock.withZone(VehiclePopulation.BRUSSELS)));
    try (LocalStack stack = LocalStack.start(endpoints, dir.resolve("stack"), schema);
        RunningJob job = RunningJob.start(stack, dir.resolve("flink"), clock);
        PoliceSide police = PoliceSide.start(stack, topics, RunningJob.sightingsKey(), OFFLINE_AFTER, RetentionPolicy.TWELVE_MONTHS, clock)) {
      Connections db = Connections.of(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword());
      SimulatorConfig simulator = SimulatorConfig.defaults(stack.mqttUrl()).withTopics(topics).withCameras(6).withReadsPerSecond(40)
          .withVehicles(population.size()).withZoneId(DemoRun.BRUSSELS_ZONE);
      PolicyPublisher.publishShipped(stack.kafkaBootstrap());
      CameraRegistryPublisher.publish(stack.kafkaBootstrap(), simulator);
      CameraTable.upsert(stack, CameraRegistry.of(simulator));
      VehicleRegisterPublisher.publish(stack.kafkaBootstrap(), population);

      // Every zone lists the first vehicle: whichever camera it passes, that camera's zone is alerted.
      AuditLog audit = new AuditLog(db, clock);
      VehicleRecord wanted = population.get(0);
      try (KafkaHotlistPublisher publisher = new KafkaHotlistPublisher(stack.kafkaBootstrap())) {
        HotlistStore hotlists = new HotlistStore(db, VehicleHmacKeyring.of(RunningJob.sightingsKey(), null), audit, publisher, clock);
        for (String zone : POLICE_ZONES) {
          hotlists.add(new PoliceCaller("control." + zone, zone, LegalProfile.JUDICIAL), wanted.getPlate(), wanted.getCountry(),
              "stolen vehicle", "PV " + zone + "/26", clock.instant().plus(Duration.ofDays(7)));
        }
      }

      Instant stoppedAt;
      try (IngestGateway ingest = new IngestGateway(
              IngestConfig.defaults(stack.mqttUrl(), stack.kafkaBootstrap()).withTopics(topics).withOutboxDir(dir.resolve("outbox")), clock);
          CameraFleet fleet = new CameraFleet(simulator, population, clock)) {
        ingest.start();
        fleet.start();
        await("a hotlist alert").atMost(Duration.ofSeconds(90)).until(() -> count(db, "SELECT count(*) FROM hotlist_alerts") > 0);
        await("six cameras online").atMost(Duration.ofSeconds(60))
            .until(() -> count(db, "SELECT count(*) FROM camera_health WHERE state = 'ONLINE'") == 6);
        await("sightings").atMost(Duration.ofSeconds(60)).until(() -> count(db, "SELECT count(*) FROM sightings") >= 200);
        long delayMs = count(db, "SELECT (extract(epoch FROM min(alerted_at - captured_at)) * 1000)::bigint FROM hotlist_alerts");
        System.out.println("PoliceEndToEndITCase: capture -> stored hotlist alert, fastest " + delayMs + " ms");
        fleet.stopPublishing();
      }
      // The fleet is closed: its cameras no longer report.
      stoppedAt = Instant.now();
      await("every stopped camera offline").atMost(OFFLINE_AFTER.plusSeconds(8))
          .until(() -> count(db, "SELECT count(*) FROM camera_health WHERE state = 'OFFLINE'") == 6);
      Duration toOffline = Duration.between(stoppedAt, Instant.now());
      System.out.println("PoliceEndToEndITCase: cameras shown offline " + toOffline.toMillis() + " ms after the simulator stopped");
      assertThat(count(db, "SELECT count(*) FROM camera_state_changes WHERE state = 'OFFLINE'")).isEqualTo(6);

      // The police can find the wanted vehicle's passages (the sightings carry the OCR-folded hash).
      PlateSearch search = new PlateSearch(db, VehicleHmacKeyring.of(RunningJob.sightingsKey(), null), audit, SearchLimits.BELGIAN_LAW, clock);
      int found = 0;
      for (String zone : POLICE_ZONES) {
        SearchResult r = search.search(new PoliceCaller("inspector." + zone, zone, LegalProfile.ADMINISTRATIVE),
            SearchRequest.firstPage(wanted.getPlate(), wanted.getCountry(), clock.instant().minus(Duration.ofHours(1)), clock.instant(),
                "stolen vehicle PV/26", null));
        found += r.totalSightings();
      }
      assertThat(found).isPositive();
      assertThat(audit.verify().intact()).isTrue();

      Set<String> plates = new LinkedHashSet<>();
      for (VehicleRecord v : population) {
        plates.add(v.getPlate());
        plates.add(VehicleKeys.normalisePlate(v.getPlate()));
      }
      for (String table : List.of("sightings", "hotlist_entries", "hotlist_alerts", "audit_log", "camera_health")) {
        List<String> rows = rows(db, "SELECT t::text FROM " + table + " t");
        if (table.equals("sightings")) assertThat(rows).hasSizeGreaterThanOrEqualTo(200);
        for (String row : rows) {
          for (String plate : plates) assertThat(row).as("a row of " + table).doesNotContain(plate);
        }
      }
    } finally {
      root.detachAppender(logs);
      root.setLevel(rootLevel);
    }
    assertThat(logs.list).hasSizeGreaterThan(10);
    Set<String> plates = new LinkedHashSet<>();
    for (VehicleRecord v : population) {
      plates.add(v.getPlate());
      plates.add(VehicleKeys.normalisePlate(v.getPlate()));
    }
    for (ILoggingEvent event : new ArrayList<>(logs.list)) {
      String line = event.getFormattedMessage() + throwableText(event.getThrowableProxy());
      for (String plate : plates) assertThat(line).as("log line of " + event.getLoggerName()).doesNotContain(plate);
    }
  }

  private static String throwableText(IThrowableProxy t) {
    StringBuilder b = new StringBuilder();
    for (IThrowableProxy p = t; p != null; p = p.getCause()) b.append(' ').append(p.getClassName()).append(": ").append(p.getMessage());
    return b.toString();
  }

  private static long count(Connections db, String sql) throws SQLException {
    try (Connection c = db.open(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<String> rows(Connections db, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = db.open(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) out.add(rs.getString(1));
    }
    return out;
  }
}
