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
    jdbi.useHandle(h -> h.createQuery("SELECT read_id, captured_at, camera_id, outcome FROM sightings"
            + " WHERE captured_at >= :from AND captured_at < :to AND read_id IN (<ids>) ORDER BY captured_at")
        .bind("from", OffsetDateTime.of(day.minusDays(1).atStartOfDay(), ZoneOffset.UTC))
        .bind("to", OffsetDateTime.of(day.plusDays(2).atStartOfDay(), ZoneOffset.UTC))
        .bindList("ids", v.readIds())
        .map((rs, c) -> new Read(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3), null, null, null,
            null, null, rs.getString(4)))
        .forEach(r -> found.put(r.readId(), r)));
    List<Read> out = new ArrayList<>();
    for (String id : v.readIds()) {
      Read r = found.get(id);
      String camera = r != null ? r.cameraId() : id.contains(":") ? id.substring(0, id.lastIndexOf(':')) : v.cameraId();
      boolean first = out.isEmpty();
      out.add(new Read(id, r != null ? r.capturedAt() : (first ? v.firstSeenAt() : null), camera, null, null,
          first ? v.confidence() : null, EvidenceImageKeys.ofReadId(id).orElse(null), first ? v.imageSha256() : null,
          r != null ? r.outcome() : null));
    }
    return out;
  }
}
