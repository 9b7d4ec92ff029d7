package io.lezflow.police.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lezflow.embedded.TestDatabase;
import io.lezflow.embedded.TestServices;
import io.lezflow.police.Connections;
import io.lezflow.police.LegalProfile;
import io.lezflow.police.PoliceCaller;
import io.lezflow.police.SightingsFixture;
import io.lezflow.police.audit.AuditEntry;
import io.lezflow.police.audit.AuditLog;
import io.lezflow.police.audit.AuditRecord;
import io.lezflow.schemas.plates.VehicleHmac;
import io.lezflow.schemas.plates.VehicleHmacKeyring;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 10, done-when 1: a police user sees only its zone's cameras; administrative searches stop
 * at one month; a judicial search beyond one month needs a case reference; no reason, no search;
 * every allowed and refused search is audited. Real PostgreSQL, the migrated schema.
 */
class PlateSearchTest {
  static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
  static final String OLD_SECRET = "an-old-sightings-secret-2025";
  static final String SECRET = "the-current-sightings-secret-2026";
  static final String PLATE = "BE:1ABC234";
  /** The same plate as an OCR misreads it: B -> 8. */
  static final String MISREAD = "BE:1A8C234";

  static TestDatabase database;
  static Connections db;
  static SightingsFixture fixture;

  AuditLog audit;
  PlateSearch search;

  @BeforeAll
  static void sightings() throws Exception {
    database = TestServices.freshDatabase();
    db = Connections.of(database.jdbcUrl(), database.user(), database.password());
    fixture = new SightingsFixture(db);
    fixture.camera("bru-cam-0001", "5339", 50.85, 4.35);
    fixture.camera("bru-cam-0007", "5339", 50.852, 4.362);
    fixture.camera("bru-cam-0002", "5340", 50.86, 4.30);
    VehicleHmac current = new VehicleHmac(SECRET);
    VehicleHmac old = new VehicleHmac(OLD_SECRET);
    // Yesterday: one passage past two cameras of 5339, and the same car past 5340's camera.
    Instant yesterday = NOW.minus(Duration.ofDays(1));
    fixture.sighting(current, PLATE, "bru-cam-0001", yesterday);
    fixture.sighting(current, MISREAD, "bru-cam-0007", yesterday.plusSeconds(240));
    fixture.sighting(current, PLATE, "bru-cam-0007", yesterday.plusSeconds(300));
    fixture.sighting(current, PLATE, "bru-cam-0002", yesterday.plusSeconds(600));
    // Another vehicle entirely.
    fixture.sighting(current, "BE:2XYZ999", "bru-cam-0001", yesterday.plusSeconds(30));
    // Three months ago, before the key rotation: written under the old key.
    fixture.sighting(old, PLATE, "bru-cam-0001", NOW.minus(Duration.ofDays(90)));
  }

  @AfterAll
  static void dropSchema() {
    database.close();
  }

  @BeforeEach
  void newSearch() {
    audit = new AuditLog(db, Clock.fixed(NOW, ZoneOffset.UTC));
    search = searchWith(VehicleHmacKeyring.of(SECRET, OLD_SECRET), SearchLimits.BELGIAN_LAW);
  }

  PlateSearch searchWith(VehicleHmacKeyring keyring, SearchLimits limits) {
    return new PlateSearch(db, keyring, audit, limits, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  static final PoliceCaller ADMIN_5339 = new PoliceCaller("inspector.dupont", "5339", LegalProfile.ADMINISTRATIVE);
  static final PoliceCaller JUDICIAL_5339 = new PoliceCaller("commissioner.peeters", "5339", LegalProfile.JUDICIAL);
  static final PoliceCaller ADMIN_5340 = new PoliceCaller("inspector.janssens", "5340", LegalProfile.ADMINISTRATIVE);

  static SearchRequest lastWeek(String reason) {
    return SearchRequest.firstPage("1-abc-234", "BE", NOW.minus(Duration.ofDays(7)), NOW, reason, null);
  }

  @Test
  void seesOnlyTheCamerasOfItsOwnZoneGroupedIntoPassages() {
    SearchResult result = search.search(ADMIN_5339, lastWeek("stolen vehicle report 2026/441"));

    assertThat(result.passages()).hasSize(2);
    Passage exact = result.passages().stream().filter(p -> p.match() == MatchKind.EXACT).findFirst().orElseThrow();
    assertThat(exact.cameraSequence()).containsExactly("bru-cam-0001", "bru-cam-0007");
    assertThat(exact.vehicle()).isEqualTo("searched vehicle");
    assertThat(exact.lastSeen()).isEqualTo(exact.firstSeen().plusSeconds(300));
    assertThat(result.passages()).flatMap(Passage::sightings).extracting(SightingHit::cameraId).doesNotContain("bru-cam-0002");
    Passage misread = result.passages().stream().filter(p -> p.match() == MatchKind.OCR_FOLDED).findFirst().orElseThrow();
    assertThat(misread.cameraSequence()).containsExactly("bru-cam-0007");
    assertThat(misread.howMatched()).contains("OCR-confusable").contains("position 3 'B' ~ 8");
    assertThat(misread.sightings().get(0).imageSha256()).hasSize(64);

    SearchResult other = search.search(ADMIN_5340, lastWeek("stolen vehicle report 2026/441"));
    assertThat(other.passages()).flatMap(Passage::sightings).extracting(SightingHit::cameraId).containsExactly("bru-cam-0002");
  }

  @Test
  void anAdministrativeProfileCannotSearchBeyondOneMonth() {
    SearchRequest twoMonths = SearchRequest.firstPage("1ABC234", "BE", NOW.minus(Duration.ofDays(60)), NOW, "missing person alert", null);

    assertRefused(() -> search.search(ADMIN_5339, twoMonths), RefusalCode.BEYOND_ADMINISTRATIVE_MONTH);
    // Even with a case reference: the profile, not the paperwork, limits an administrative user.
    assertRefused(() -> search.search(ADMIN_5339, new SearchRequest("1ABC234", "BE", twoMonths.from(), NOW, "missing person alert",
        "BR.12.L3.004711/26", 0, 20)), RefusalCode.BEYOND_ADMINISTRATIVE_MONTH);
  }

  @Test
  void aJudicialSearchBeyondOneMonthNeedsTheProsecutorsDecisionReference() {
    SearchRequest fourMonths = SearchRequest.firstPage("1ABC234", "BE", NOW.minus(Duration.ofDays(120)), NOW, "armed robbery investigation", null);
    assertRefused(() -> search.search(JUDICIAL_5339, fourMonths), RefusalCode.CASE_REFERENCE_REQUIRED);

    SearchResult allowed = search.search(JUDICIAL_5339, new SearchRequest("1ABC234", "BE", fourMonths.from(), NOW,
        "armed robbery investigation", "BR.12.L3.004711/26", 0, 20));
    // The sighting of three months ago was written under the key in use before the rotation.
    assertThat(allowed.totalSightings()).isEqualTo(4);
    AuditEntry entry = lastAudit();
    assertThat(entry.record().caseReference()).isEqualTo("BR.12.L3.004711/26");
    assertThat(entry.record().outcome()).isEqualTo(AuditRecord.ALLOWED);
    assertThat(entry.record().resultCount()).isEqualTo(4);

    assertRefused(() -> search.search(JUDICIAL_5339, new SearchRequest("1ABC234", "BE", NOW.minus(Duration.ofDays(400)), NOW,
        "armed robbery investigation", "BR.12.L3.004711/26", 0, 20)), RefusalCode.BEYOND_RETENTION);
  }

  @Test
  void afterAKeyRotationOldPartitionsStaySearchableUnderTheKeyTheyWereWrittenWith() {
    SearchRequest judicial = new SearchRequest("1ABC234", "BE", NOW.minus(Duration.ofDays(120)), NOW, "armed robbery investigation",
        "BR.12.L3.004711/26", 0, 20);
    SearchResult bothKeys = search.search(JUDICIAL_5339, judicial);
    assertThat(bothKeys.passages()).filteredOn(p -> p.firstSeen().isBefore(NOW.minus(Duration.ofDays(30))))
        .singleElement().satisfies(p -> assertThat(p.match()).isEqualTo(MatchKind.EXACT));

    // Drop the old key too early and the old rows are unreachable: the keyring is what makes them searchable.
    SearchResult currentOnly = searchWith(VehicleHmacKeyring.of(SECRET, null), SearchLimits.BELGIAN_LAW).search(JUDICIAL_5339, judicial);
    assertThat(currentOnly.totalSightings()).isEqualTo(bothKeys.totalSightings() - 1);
  }

  @ParameterizedTest
  @CsvSource(nullValues = "NULL", value = {"NULL", "''", "'   '", "why"})
  void noReasonNoSearch(String reason) {
    assertRefused(() -> search.search(ADMIN_5339, lastWeek(reason)), RefusalCode.NO_REASON);
  }

  @Test
  void aUserIsRateLimited() {
    PlateSearch limited = searchWith(VehicleHmacKeyring.of(SECRET, null), SearchLimits.BELGIAN_LAW.withRate(2, Duration.ofMinutes(10)));
    limited.search(ADMIN_5339, lastWeek("stolen vehicle report 2026/441"));
    limited.search(ADMIN_5339, lastWeek("stolen vehicle report 2026/441"));
    assertRefused(() -> limited.search(ADMIN_5339, lastWeek("stolen vehicle report 2026/441")), RefusalCode.RATE_LIMITED);
    // Another user has a budget of their own.
    limited.search(ADMIN_5340, lastWeek("stolen vehicle report 2026/441"));
  }

  @Test
  void everyAllowedAndEveryRefusedSearchLeavesAnAuditEntryWithoutThePlate() {
    long before = audit.verify().headSeq();
    search.search(ADMIN_5339, lastWeek("stolen vehicle report 2026/441"));
    assertRefused(() -> search.search(ADMIN_5339, lastWeek("")), RefusalCode.NO_REASON);
    assertRefused(() -> search.search(ADMIN_5339, SearchRequest.firstPage("1ABC234", "BE", NOW.minus(Duration.ofDays(45)), NOW,
        "stolen vehicle report 2026/441", null)), RefusalCode.BEYOND_ADMINISTRATIVE_MONTH);

    List<AuditEntry> entries = audit.list(before, 100, null, null, null);
    assertThat(entries).extracting(e -> e.record().outcome())
        .containsExactly(AuditRecord.ALLOWED, AuditRecord.REFUSED, AuditRecord.REFUSED);
    assertThat(entries).allSatisfy(e -> {
      assertThat(e.record().actor()).isEqualTo("inspector.dupont");
      assertThat(e.record().policeZone()).isEqualTo("5339");
      assertThat(e.record().legalProfile()).isEqualTo("ADMINISTRATIVE");
      assertThat(e.record().query()).contains("plate_hmac=").doesNotContain("1ABC234").doesNotContain("1-abc-234");
    });
    assertThat(entries.get(0).record().resultCount()).isEqualTo(3);
    assertThat(entries.get(1).record().refusal()).startsWith("NO_REASON");
    assertThat(audit.verify().intact()).isTrue();
  }

  @Test
  void passagesArePaged() {
    SearchResult first = search.search(ADMIN_5339, lastWeek("stolen vehicle report 2026/441").withPage(0));
    SearchRequest onePerPage = new SearchRequest("1ABC234", "BE", NOW.minus(Duration.ofDays(7)), NOW, "stolen vehicle report 2026/441",
        null, 1, 1);
    SearchResult second = search.search(ADMIN_5339, onePerPage);
    assertThat(second.passages()).containsExactly(first.passages().get(1));
    assertThat(second.pages()).isEqualTo(2);
  }

  private AuditEntry lastAudit() {
    long head = audit.verify().headSeq();
    return audit.list(head - 1, 1, null, null, null).get(0);
  }

  private void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, RefusalCode code) {
    long before = audit.verify().headSeq();
    assertThatThrownBy(call).isInstanceOfSatisfying(SearchRefused.class, e -> assertThat(e.code()).isEqualTo(code));
    AuditEntry refusal = audit.list(before, 10, null, null, null).get(0);
    assertThat(refusal.record().outcome()).isEqualTo(AuditRecord.REFUSED);
    assertThat(refusal.record().refusal()).startsWith(code.name());
  }
}
