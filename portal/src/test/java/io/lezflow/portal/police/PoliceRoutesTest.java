package io.lezflow.portal.police;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lezflow.police.search.RefusalCode;
import io.lezflow.police.search.SearchRefused;
import io.lezflow.police.search.SearchRequest;
import io.lezflow.portal.BadRequest;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The police API's plain parts: refusal statuses and how form and query fields become a search. */
class PoliceRoutesTest {
  private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");

  @Test
  void refusalsAre422ExceptTooManySearches() {
    for (RefusalCode code : RefusalCode.values()) {
      assertThat(PoliceRoutes.status(new SearchRefused(code, "m", 1))).as(code.name()).isEqualTo(code == RefusalCode.RATE_LIMITED ? 429 : 422);
    }
  }

  @Test
  void timesAreInstantsLocalTimesOrDays() {
    Object[][] cases = {
        {"2026-03-01T08:00:00Z", false, "2026-03-01T08:00:00Z"},
        {"2026-03-01T09:00:00+01:00", false, "2026-03-01T08:00:00Z"},
        {"2026-03-01T09:00", false, "2026-03-01T08:00:00Z"}, // local, Brussels in winter
        {"2026-07-01T09:00", false, "2026-07-01T07:00:00Z"}, // local, summer time
        {"2026-03-01", false, "2026-02-28T23:00:00Z"},
        {"2026-03-01", true, "2026-03-01T23:00:00Z"}, // the end of that day
    };
    for (Object[] c : cases) {
      assertThat(PoliceRoutes.time(Map.of("t", (String) c[0])::get, "t", BRUSSELS, (Boolean) c[1])).as((String) c[0])
          .isEqualTo(Instant.parse((String) c[2]));
    }
    String today = java.time.LocalDate.now(BRUSSELS).toString();
    assertThat(PoliceRoutes.time(Map.of("to", today)::get, "to", BRUSSELS, true)).isBeforeOrEqualTo(Instant.now());
    for (String bad : new String[] {"yesterday", "2026-13-01", "01/03/2026", "2026-03-01T25:00"}) {
      assertThatThrownBy(() -> PoliceRoutes.time(Map.of("t", bad)::get, "t", BRUSSELS, false)).as(bad).isInstanceOf(BadRequest.class)
          .hasMessageStartingWith("t: a time like");
    }
  }

  @Test
  void aRequestNeedsPlateCountryAndRangeButLeavesTheReasonToTheLaw() {
    SearchRequest r = PoliceRoutes.request(Map.of("plate", " 1-abc-123 ", "country", "BE", "from", "2026-03-01", "to", "2026-03-02",
        "case_reference", "PG 1", "page", "2")::get, BRUSSELS);
    assertThat(r.plateText()).isEqualTo("1-abc-123");
    assertThat(r.reason()).isNull(); // refused by PlateSearch, audited, 422
    assertThat(r.caseReference()).isEqualTo("PG 1");
    assertThat(r.page()).isEqualTo(2);
    assertThatThrownBy(() -> PoliceRoutes.request(Map.of("country", "BE", "from", "2026-03-01", "to", "2026-03-02")::get, BRUSSELS))
        .hasMessage("plate: required");
    assertThatThrownBy(() -> PoliceRoutes.request(Map.of("plate", "1ABC123", "country", "BE", "from", "2026-03-01", "to", "2026-03-02",
        "page", "two")::get, BRUSSELS)).hasMessageStartingWith("page:");
  }
}
