package io.lezflow.portal.review;

import io.lezflow.schemas.EvidenceImageKeys;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * The reads behind a violation, from table {@code sightings} (one row per decided read; no plate
 * in clear there). Read ids are {@code camera:sequence}, so a read the table does not (yet) hold
 * still shows its camera, and its image key ({@link EvidenceImageKeys}: a function of the read id).
 * Lane, direction, confidence and image hash are the camera's, as the sightings sink stored them.
 */
public final class ReadStore {
  /** One read as the evidence page lists it; lane and direction are null where nothing stored them. */
  public record Read(String readId, Instant capturedAt, String cameraId, Integer lane, String direction, Float confidence,
      String imageKey, String imageSha256, String outcome) {}

  private final Jdbi jdbi;

  public ReadStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** The reads of {@code v}, in capture order; the first carries the violation's own confidence and image hash. */
  public List<Read> of(Violation v) {
    if (v.readIds().isEmpty()) return List.of();
    // Partition pruning: a violation's reads are captured on its enforcement day (local), give or take a day for time zones.
    LocalDate day = v.enforcementDay();
    Map<String, Read> found = new LinkedHashMap<>();
    jdbi.useHandle(h -> h.createQuery("SELECT read_id, captured_at, camera_id, outcome, lane, direction, confidence, image_key, image_sha256"
            + " FROM sightings"
            + " WHERE captured_at >= :from AND captured_at < :to AND read_id IN (<ids>) ORDER BY captured_at")
        .bind("from", OffsetDateTime.of(day.minusDays(1).atStartOfDay(), ZoneOffset.UTC))
        .bind("to", OffsetDateTime.of(day.plusDays(2).atStartOfDay(), ZoneOffset.UTC))
        .bindList("ids", v.readIds())
        .map((rs, c) -> new Read(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3),
            (Integer) rs.getObject(5, Integer.class), rs.getString(6), (Float) rs.getObject(7, Float.class), rs.getString(8),
            rs.getString(9), rs.getString(4)))
        .forEach(r -> found.put(r.readId(), r)));
    List<Read> out = new ArrayList<>();
    for (String id : v.readIds()) {
      Read r = found.get(id);
      String camera = r != null ? r.cameraId() : id.contains(":") ? id.substring(0, id.lastIndexOf(':')) : v.cameraId();
      boolean first = out.isEmpty();
      // What the sightings row holds (as the camera reported it) wins; a read the table lacks keeps what the violation knows.
      Float confidence = r != null && r.confidence() != null ? r.confidence() : first ? v.confidence() : null;
      String imageKey = r != null && r.imageKey() != null ? r.imageKey() : EvidenceImageKeys.ofReadId(id).orElse(null);
      String sha = r != null && r.imageSha256() != null ? r.imageSha256() : first ? v.imageSha256() : null;
      out.add(new Read(id, r != null ? r.capturedAt() : (first ? v.firstSeenAt() : null), camera, r == null ? null : r.lane(),
          r == null ? null : r.direction(), confidence, imageKey, sha, r != null ? r.outcome() : null));
    }
    return out;
  }
}
