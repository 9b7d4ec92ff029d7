package io.lezflow.police.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lezflow.embedded.TestDatabase;
import io.lezflow.embedded.TestServices;
import io.lezflow.police.Connections;
import io.lezflow.police.SightingsFixture;
import io.lezflow.schemas.plates.VehicleHmac;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue 10, done-when 3: the retention drops expired day partitions and nothing younger (fake clock). */
class SightingsRetentionTest {
  static final VehicleHmac KEY = new VehicleHmac("the-current-sightings-secret-2026");
  /** Now; twelve months back is 2025-06-15T10:30Z, so 2025-06-14 is the youngest expired day. */
  static final Instant NOW = Instant.parse("2026-06-15T10:30:00Z");

  TestDatabase database;
  Connections db;
  SightingsFixture fixture;

  @BeforeEach
  void sightingsOfTwoZonesOverSevenDays() throws Exception {
    database = TestServices.freshDatabase();
    db = Connections.of(database.jdbcUrl(), database.user(), database.password());
    fixture = new SightingsFixture(db);
    for (String day : List.of("2025-05-01", "2025-06-13", "2025-06-14", "2025-06-15", "2025-06-16", "2026-03-01", "2026-06-15")) {
      fixture.sighting(KEY, "BE:1ABC234", "bru-cam-0001", LocalDate.parse(day).atTime(9, 0).toInstant(ZoneOffset.UTC), "brussels");
      fixture.sighting(KEY, "BE:2XYZ999", "gnt-cam-0001", LocalDate.parse(day).atTime(9, 0).toInstant(ZoneOffset.UTC), "ghent");
    }
  }

  @AfterEach
  void drop() {
    database.close();
  }

  @Test
  void dropsTheExpiredPartitionsAndNothingYounger() throws Exception {
    SightingsRetention retention = new SightingsRetention(db, RetentionPolicy.TWELVE_MONTHS, Clock.fixed(NOW, ZoneOffset.UTC));

    SightingsRetention.Report report = retention.run();

    assertThat(report.droppedPartitions()).containsExactly("sightings_20250501", "sightings_20250613", "sightings_20250614");
    // 2025-06-15 still holds rows younger than the cutoff (10:30 that day): the whole day stays.
    assertThat(partitions()).containsExactly("sightings_20250615", "sightings_20250616", "sightings_20260301", "sightings_20260615");
    assertThat(rows()).isEqualTo(8);

    // A day later the boundary day has expired too; running again the same day drops nothing more.
    assertThat(new SightingsRetention(db, RetentionPolicy.TWELVE_MONTHS, Clock.fixed(NOW.plusSeconds(86_400), ZoneOffset.UTC)).run()
        .droppedPartitions()).containsExactly("sightings_20250615");
    assertThat(new SightingsRetention(db, RetentionPolicy.TWELVE_MONTHS, Clock.fixed(NOW.plusSeconds(86_400), ZoneOffset.UTC)).run()
        .droppedPartitions()).isEmpty();
  }

  @Test
  void aZoneWithAShorterRetentionLosesItsOlderRowsOnly() throws Exception {
    RetentionPolicy policy = RetentionPolicy.parse("P12M", "ghent=P6M");
    SightingsRetention.Report report = new SightingsRetention(db, policy, Clock.fixed(NOW, ZoneOffset.UTC)).run();

    // ghent keeps 2026-03-01 and 2026-06-15; brussels keeps every day from 2025-06-15 on.
    assertThat(report.rowsDeletedPerZone()).isEqualTo(Map.of("ghent", 2L));
    assertThat(rows()).isEqualTo(4 + 2);
  }

  @Test
  void aBadPolicyIsRefusedWithTheReason() {
    assertThatThrownBy(() -> RetentionPolicy.parse("twelve months", null)).hasMessageContaining("ISO-8601 period");
    assertThatThrownBy(() -> RetentionPolicy.parse("P12M", "ghent=P13M")).hasMessageContaining("not longer than P12M");
    assertThatThrownBy(() -> RetentionPolicy.parse("P12M", "ghent")).hasMessageContaining("zone=PERIOD");
    assertThat(RetentionPolicy.parse(null, "").retention()).isEqualTo(Period.ofMonths(12));
  }

  private List<String> partitions() throws Exception {
    try (Connection c = db.open()) {
      return SightingsRetention.partitions(c);
    }
  }

  private long rows() throws Exception {
    try (Connection c = db.open(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM sightings")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
