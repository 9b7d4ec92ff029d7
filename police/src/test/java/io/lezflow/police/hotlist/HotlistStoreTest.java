package io.lezflow.police.hotlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lezflow.embedded.TestDatabase;
import io.lezflow.embedded.TestServices;
import io.lezflow.police.Connections;
import io.lezflow.police.LegalProfile;
import io.lezflow.police.PoliceCaller;
import io.lezflow.police.audit.AuditLog;
import io.lezflow.schemas.plates.VehicleHmac;
import io.lezflow.schemas.plates.VehicleHmacKeyring;
import io.lezflow.schemas.v1.HotlistEntry;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hotlists: listed as keyed hashes only, per zone, audited, CSV lines refused one by one. */
class HotlistStoreTest {
  static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
  static final String SECRET = "the-current-sightings-secret-2026";
  static final PoliceCaller ZONE_5339 = new PoliceCaller("inspector.dupont", "5339", LegalProfile.JUDICIAL);
  static final PoliceCaller ZONE_5340 = new PoliceCaller("inspector.janssens", "5340", LegalProfile.JUDICIAL);

  TestDatabase database;
  Connections db;
  AuditLog audit;
  final List<HotlistEntry> published = new ArrayList<>();
  HotlistStore store;

  @BeforeEach
  void fresh() {
    database = TestServices.freshDatabase();
    db = Connections.of(database.jdbcUrl(), database.user(), database.password());
    audit = new AuditLog(db, Clock.fixed(NOW, ZoneOffset.UTC));
    store = new HotlistStore(db, VehicleHmacKeyring.of(SECRET, null), audit, published::add, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void drop() {
    database.close();
  }

  @Test
  void aListedPlateIsStoredAndPublishedAsHashesOnlyAndAudited() throws Exception {
    HotlistStore.Listing listing = store.add(ZONE_5339, "1-abc-234", "BE", "stolen vehicle", "PV BR.55.L1.1234/26", NOW.plus(Duration.ofDays(30)));

    VehicleHmac key = new VehicleHmac(SECRET);
    assertThat(published).singleElement().satisfies(e -> {
      assertThat(e.getVehicleFoldHash().toByteArray()).isEqualTo(key.folded("BE:1A8C234"));
      assertThat(e.getVehicleHash().toByteArray()).isEqualTo(key.exact("BE:1ABC234"));
      assertThat(e.toString()).doesNotContain("1ABC234");
    });
    try (Connection c = db.open(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT h::text FROM hotlist_entries h")) {
      rs.next();
      assertThat(rs.getString(1)).doesNotContainIgnoringCase("1ABC234").doesNotContainIgnoringCase("1-abc-234");
    }
    assertThat(store.list("5339")).extracting(HotlistStore.Listing::entryId).containsExactly(listing.entryId());
    assertThat(store.list("5340")).isEmpty();
    assertThat(audit.list(0, 10, null, null, null)).singleElement().satisfies(e -> {
      assertThat(e.record().kind()).isEqualTo("HOTLIST_ADD");
      assertThat(e.record().query()).contains("PV BR.55.L1.1234/26").doesNotContain("1ABC234");
    });

    assertThat(store.remove(ZONE_5340, listing.entryId(), "not ours")).as("another zone cannot remove it").isFalse();
    assertThat(store.remove(ZONE_5339, listing.entryId(), "vehicle found")).isTrue();
    assertThat(published.get(1).getRemoved()).isTrue();
    assertThat(store.list("5339")).isEmpty();
  }

  @Test
  void aCsvListsItsGoodLinesAndRefusesTheBadOnesWithTheirNumber() {
    String csv = HotlistStore.CSV_HEADER + "\n"
        + "1-ABC-234,BE,stolen vehicle,PV 1/26,2026-07-01\n"
        + "AB-123-CD,FR,wanted driver,PV 2/26,2025-01-01\n"
        + ",BE,stolen vehicle,PV 3/26,2026-07-01\n"
        + "2XYZ999,BE,stolen vehicle,PV 4/26,tomorrow\n"
        + "2XYZ999,BE,theft,PV 5/26,2026-06-20T00:00:00Z\n";
    HotlistStore.ImportReport report = store.importCsv(ZONE_5339, new StringReader(csv), ZoneId.of("Europe/Brussels"));

    assertThat(report.listed()).extracting(HotlistStore.Listing::reference).containsExactly("PV 1/26", "PV 5/26");
    assertThat(report.refused()).containsExactly(
        "line 3: the expiry must be in the future",
        "line 4: the plate must have 1 to 10 letters or digits",
        "line 5: expires must be a date (2026-12-31) or an instant");
    assertThatThrownBy(() -> store.importCsv(ZONE_5339, new StringReader("plate;country\n"), ZoneId.of("Europe/Brussels")))
        .hasMessageContaining("header");
  }
}
