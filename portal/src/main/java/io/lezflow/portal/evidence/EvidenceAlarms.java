package io.lezflow.portal.evidence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The evidence module's alarms for a violation (table {@code evidence_alarms}: an image whose
 * bytes did not match the camera's hash, a missing image, an unreachable camera), shown to the
 * reviewer beside the evidence. Empty where the evidence store is not installed.
 */
public final class EvidenceAlarms {
  public record Alarm(Instant at, String kind, String readId, String cameraId, String expectedSha256, String actualSha256, String detail) {}

  private final Jdbi jdbi;

  public EvidenceAlarms(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public List<Alarm> of(String violationId) {
    return jdbi.withHandle(h -> {
      boolean present = h.createQuery("SELECT to_regclass('evidence_alarms') IS NOT NULL").mapTo(Boolean.class).one();
      if (!present) return List.of();
      return h.createQuery("SELECT at, kind, read_id, camera_id, expected_sha256, actual_sha256, detail FROM evidence_alarms"
              + " WHERE violation_id = :v ORDER BY id")
          .bind("v", violationId)
          .map((rs, c) -> new Alarm(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getString(2), rs.getString(3), rs.getString(4),
              rs.getString(5), rs.getString(6), rs.getString(7)))
          .list();
    });
  }
}
