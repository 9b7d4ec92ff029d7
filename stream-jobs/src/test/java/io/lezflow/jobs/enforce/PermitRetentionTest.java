package io.lezflow.jobs.enforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.schemas.v1.Permit;
import io.lezflow.schemas.v1.PermitKind;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PermitRetentionTest {

  @ParameterizedTest(name = "{0} from {1} until {2}: kept until {3}")
  @CsvSource(nullValues = "-", value = {
    // a day pass counts for its calendar year's limit: kept into the next year (+7 days margin)
    "PERMIT_KIND_DAY_PASS,               2026-11-03T23:00:00Z, 2026-11-05T05:00:00Z, 2027-01-08T00:00:00Z",
    // the Brussels pass for 31 December starts at 23:00 UTC on 30 December: still 2026's
    "PERMIT_KIND_DAY_PASS,               2026-12-30T23:00:00Z, 2027-01-01T05:00:00Z, 2027-01-08T00:00:00Z",
    "PERMIT_KIND_EXEMPTION,              2026-01-01T00:00:00Z, 2026-06-30T00:00:00Z, 2026-07-07T00:00:00Z",
    "PERMIT_KIND_EXEMPTION,              2026-01-01T00:00:00Z, -,                    -",
    "PERMIT_KIND_FOREIGN_REGISTRATION,   2026-01-01T00:00:00Z, 2029-01-01T00:00:00Z, 2029-01-08T00:00:00Z",
    "PERMIT_KIND_FOREIGN_REGISTRATION,   2026-01-01T00:00:00Z, -,                    2031-01-12T00:00:00Z", // 5 x 366 days + 7
    "PERMIT_KIND_DAILY_CHARGE_PAID,      2026-11-05T00:00:00Z, 2026-11-06T00:00:00Z, 2026-11-13T00:00:00Z",
  })
  void permitsAreKeptWhileTheyCanStillDecideSomething(PermitKind kind, String from, String until, String keptUntil) {
    Permit permit = Permit.newBuilder().setKind(kind).setValidFromMs(Instant.parse(from).toEpochMilli())
        .setValidUntilMs(until == null ? 0 : Instant.parse(until).toEpochMilli()).build();

    long expected = keptUntil == null ? Long.MAX_VALUE : Instant.parse(keptUntil).toEpochMilli();
    assertThat(PermitRetention.usefulUntil(permit)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"PERMIT_KIND_UNSPECIFIED"})
  void aPermitOfNoKnownKindIsNotKept(PermitKind kind) {
    assertThat(PermitRetention.usefulUntil(Permit.newBuilder().setKind(kind).setValidFromMs(1).build())).isEqualTo(Long.MIN_VALUE);
  }
}
