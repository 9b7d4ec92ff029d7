package io.lezflow.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.embedded.TestDatabase;
import io.lezflow.embedded.TestServices;
import io.lezflow.portal.review.QueueFilter;
import io.lezflow.portal.review.QueuePage;
import io.lezflow.portal.review.ViolationStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Keyset paging over 100,000 violations: pages come from the queue index (no sort, no offset
 * scan), page 1,500 costs what page 1 does. Reports timings and plans; asserts the plan and the
 * paging's correctness, never a time.
 */
class QueuePagingTest {
  static final int ROWS = 100_000;

  @Test
  void keysetPagingOverOneHundredThousandRows() throws Exception {
    try (TestDatabase db = TestServices.freshDatabase(); PortalDatabase pool = PortalDatabase.open(db.jdbcUrl(), db.user(), db.password())) {
      try (Connection c = db.open(); var st = c.createStatement()) {
        st.execute("INSERT INTO violations (violation_id, zone_id, vehicle_key, enforcement_day, violation_type, rule, policy_version,"
            + " fine_cents, currency, warning_only, kind, needs_review, first_seen_at, camera_id, read_ids, plate_text, country, confidence,"
            + " explanation, status)"
            + " SELECT 'v-' || g, CASE WHEN g % 3 = 0 THEN 'antwerp' ELSE 'brussels' END, 'BE:P' || g, date '2026-01-01' + (g % 60),"
            + " 'LEZ_BAN', 'brussels@v2:ban', 2, 35000, 'EUR', g % 10 = 0, CASE WHEN g % 10 = 0 THEN 'WARNING' ELSE 'FINE' END, g % 7 = 0,"
            // Many rows share a timestamp, so the id really is the tie-breaker.
            + " timestamptz '2026-01-01 00:00:00+00' + ((g / 3) || ' seconds')::interval, 'cam-' || (g % 300), ARRAY['cam:' || g],"
            + " 'P' || g, 'BE', 0.9, CASE WHEN g % 7 = 0 THEN 'x; needs review: OCR confidence 0.4 below 0.6' ELSE 'x' END,"
            + " CASE WHEN g % 5 = 0 THEN 'APPROVED' ELSE 'PENDING_REVIEW' END FROM generate_series(1, " + ROWS + ") g");
        st.execute("ANALYZE violations");
      }
      ViolationStore store = new ViolationStore(pool.jdbi());
      QueueFilter first = QueueFilter.parse(Map.of("limit", "50")::get);

      // Walk the whole pending queue: every row once, in order.
      long t0 = System.nanoTime();
      Set<String> seen = new HashSet<>();
      QueuePage page = store.queue(first);
      int pages = 1;
      long slowestPageNanos = 0;
      QueuePage deep = null;
      while (true) {
        for (var r : page.rows()) assertThat(seen.add(r.violationId())).isTrue();
        if (page.next() == null) break;
        long p0 = System.nanoTime();
        page = store.queue(first.withAfter(page.next()));
        slowestPageNanos = Math.max(slowestPageNanos, System.nanoTime() - p0);
        pages++;
        if (pages == 1500) deep = page;
      }
      long walkMs = (System.nanoTime() - t0) / 1_000_000;
      assertThat(seen).hasSize(ROWS - ROWS / 5);

      long f0 = System.nanoTime();
      store.queue(first);
      long firstMicros = (System.nanoTime() - f0) / 1000;
      QueueFilter deepFilter = first.withAfter(new io.lezflow.portal.review.QueueCursor(deep.rows().get(0).firstSeenAt(), deep.rows().get(0).violationId()));
      long d0 = System.nanoTime();
      store.queue(deepFilter);
      long deepMicros = (System.nanoTime() - d0) / 1000;
      QueueFilter zoned = QueueFilter.parse(Map.of("zone", "antwerp", "review_reason", "LOW_CONFIDENCE")::get).withAfter(deepFilter.after());
      long z0 = System.nanoTime();
      store.queue(zoned);
      long zonedMicros = (System.nanoTime() - z0) / 1000;

      List<String> planDeep = store.explainQueue(deepFilter);
      List<String> planZoned = store.explainQueue(zoned);
      String report = "queue paging over " + ROWS + " violations (" + seen.size() + " pending), page size 50\n"
          + "  whole queue walked: " + pages + " pages in " + walkMs + " ms, slowest page " + slowestPageNanos / 1000 + " us\n"
          + "  page 1: " + firstMicros + " us; page 1500: " + deepMicros + " us; zone+review_reason filter deep: " + zonedMicros + " us\n"
          + "EXPLAIN page 1500:\n  " + String.join("\n  ", planDeep) + "\n"
          + "EXPLAIN zone=antwerp review_reason=LOW_CONFIDENCE after page 1500:\n  " + String.join("\n  ", planZoned) + "\n";
      System.out.println(report);
      Path out = Path.of("target", "queue-paging.txt");
      Files.createDirectories(out.getParent());
      Files.writeString(out, report);
      // The plan, not the clock: an index scan in queue order, no sort, no sequential scan.
      assertThat(String.join("\n", planDeep)).contains("Index").doesNotContain("Seq Scan").doesNotContain("Sort");
      assertThat(String.join("\n", planZoned)).contains("Index").doesNotContain("Seq Scan");
    }
  }
}
