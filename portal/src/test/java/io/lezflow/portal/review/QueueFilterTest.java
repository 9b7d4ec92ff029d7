package io.lezflow.portal.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lezflow.portal.BadRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueueFilterTest {
  @Test
  void defaultsToThePendingQueue() {
    QueueFilter f = QueueFilter.parse(Map.<String, String>of()::get);
    assertThat(f.status()).isEqualTo(ViolationStatus.PENDING_REVIEW);
    assertThat(f.limit()).isEqualTo(QueueFilter.DEFAULT_LIMIT);
    assertThat(f.after()).isNull();
  }

  @Test
  void parsesEveryFilterAndKeepsThemInLinks() {
    QueueCursor c = new QueueCursor(Instant.parse("2026-01-02T03:04:05.123456Z"), "v:1|x");
    Map<String, String> q = Map.of("zone", "brussels", "status", "approved", "from", "2026-01-01", "to", "2026-01-31", "type", "LEZ_BAN",
        "review_reason", "fuzzy_plate_match", "kind", "warning", "limit", "10", "after", c.encode());
    QueueFilter f = QueueFilter.parse(q::get);
    assertThat(f.status()).isEqualTo(ViolationStatus.APPROVED);
    assertThat(f.from()).isEqualTo(LocalDate.of(2026, 1, 1));
    assertThat(f.reviewReason()).isEqualTo(ReviewReason.FUZZY_PLATE_MATCH);
    assertThat(f.warning()).isTrue();
    assertThat(f.after()).isEqualTo(c);
    assertThat(QueueFilter.parse(f.asParams()::get).withAfter(c)).isEqualTo(f);
  }

  @Test
  void namesTheBadParameter() {
    for (var bad : Map.of("status", "NEW", "limit", "201", "from", "1/1/2026", "after", "!!", "kind", "x", "review_reason", "sleepy").entrySet()) {
      assertThatThrownBy(() -> QueueFilter.parse(Map.of(bad.getKey(), bad.getValue())::get))
          .isInstanceOf(BadRequest.class)
          .hasMessageStartingWith(bad.getKey() + ":");
    }
  }
}
