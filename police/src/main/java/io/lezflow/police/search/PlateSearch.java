package io.lezflow.police.search;

import io.lezflow.police.Connections;
import io.lezflow.police.PoliceCaller;
import io.lezflow.police.audit.AuditLog;
import io.lezflow.police.audit.AuditRecord;
import io.lezflow.schemas.VehicleKeys;
import io.lezflow.schemas.plates.OcrFold;
import io.lezflow.schemas.plates.VehicleHmac;
import io.lezflow.schemas.plates.VehicleHmacKeyring;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The police plate search: where and when was this vehicle seen, on the cameras of the caller's
 * police zone, within the time the law allows the caller's legal profile, for a stated reason.
 *
 * <p>Every call leaves one audit entry, allowed or refused ({@link AuditLog}): who, zone, profile,
 * reason, case reference, the query (the plate by its keyed hash, never in clear), how many
 * sightings, the outcome. A refusal throws {@link SearchRefused} after it was audited.
 *
 * <p>Matching is OCR-confusion-aware: the plate is looked up by its folded keyed hash under every
 * key of the keyring (rows keep the id of the key they were written with, so partitions written
 * before a key rotation stay searchable), and each sighting is marked EXACT or OCR_FOLDED by
 * comparing its exact hash. Results are grouped per vehicle into {@link Passage}s and paged.
 * Thread-safe.
 */
public final class PlateSearch {
  public static final String AUDIT_KIND = "SEARCH";

  private final Connections db;
  private final VehicleHmacKeyring keyring;
  private final AuditLog audit;
  private final SearchLimits limits;
  private final SearchRules rules;
  private final SearchRateLimiter rateLimiter;
  private final Clock clock;

  public PlateSearch(Connections db, VehicleHmacKeyring keyring, AuditLog audit, SearchLimits limits, Clock clock) {
    this.db = db;
    this.keyring = keyring;
    this.audit = audit;
    this.limits = limits;
    this.rules = new SearchRules(limits);
    this.rateLimiter = new SearchRateLimiter(limits.searchesPerWindow(), limits.rateWindow());
    this.clock = clock;
  }

  /**
   * Runs one search (one page of it) for {@code caller}.
   *
   * @throws SearchRefused when the request is not allowed (the refusal is audited first)
   */
  public SearchResult search(PoliceCaller caller, SearchRequest request) {
    Instant now = clock.instant();
    String vehicleKey = VehicleKeys.of(request.country(), request.plateText());
    String query = describe(vehicleKey, request);
    if (!rateLimiter.tryAcquire(caller.userId(), now.toEpochMilli())) {
      throw refused(caller, request, query, new SearchRules.Refusal(RefusalCode.RATE_LIMITED,
          "too many searches: at most " + limits.searchesPerWindow() + " per " + limits.rateWindow().toMinutes() + " minutes"));
    }
    Optional<SearchRules.Refusal> refusal = rules.check(caller, request, now);
    if (refusal.isPresent()) throw refused(caller, request, query, refusal.get());

    List<Row> rows = query(caller.policeZone(), vehicleKey, request.from(), request.to());
    boolean truncated = rows.size() > limits.maxSightings();
    if (truncated) rows = rows.subList(0, limits.maxSightings());
    List<Passage> passages = passages(rows, limits.passageGap().toMillis(), vehicleKey);
    int fromIndex = Math.min(passages.size(), request.page() * request.pageSize());
    int toIndex = Math.min(passages.size(), fromIndex + request.pageSize());
    long seq = audit.append(new AuditRecord(AUDIT_KIND, caller.userId(), PoliceCaller.ROLE, caller.policeZone(),
        caller.profile().name(), request.reason().strip(), blankToNull(request.caseReference()),
        query + " passages=" + passages.size() + (truncated ? " truncated" : ""), rows.size(), AuditRecord.ALLOWED, null)).seq();
    return new SearchResult(passages.subList(fromIndex, toIndex), request.page(), request.pageSize(), passages.size(), rows.size(),
        truncated, seq);
  }

  private SearchRefused refused(PoliceCaller caller, SearchRequest request, String query, SearchRules.Refusal refusal) {
    long seq = audit.append(new AuditRecord(AUDIT_KIND, caller.userId(), PoliceCaller.ROLE, caller.policeZone(),
        caller.profile().name(), request.reason() == null ? "" : request.reason().strip(), blankToNull(request.caseReference()),
        query, 0, AuditRecord.REFUSED, refusal.code() + ": " + refusal.message())).seq();
    return new SearchRefused(refusal.code(), refusal.message(), seq);
  }

  /** The audited form of a query: the plate as a truncated keyed hash under the current key, never in clear. */
  private String describe(String vehicleKey, SearchRequest r) {
    VehicleHmac current = keyring.current();
    String plateRef = current.keyId() + ":" + HexFormat.of().formatHex(current.exact(vehicleKey), 0, 8);
    return "plate_hmac=" + plateRef + " country=" + vehicleKey.substring(0, vehicleKey.indexOf(':')) + " from=" + r.from()
        + " to=" + r.to() + " page=" + r.page() + " size=" + r.pageSize();
  }

  /** One sighting row as read, with the hash that tells exact from folded. */
  record Row(SightingHit hit, byte[] vehicleHash, String hmacKeyId) {}

  private List<Row> query(String policeZone, String vehicleKey, Instant from, Instant to) {
    List<VehicleHmac> keys = keyring.all();
    Map<String, byte[]> exactByKeyId = new LinkedHashMap<>();
    StringBuilder foldMatch = new StringBuilder();
    for (VehicleHmac key : keys) {
      exactByKeyId.put(key.keyId(), key.exact(vehicleKey));
      if (foldMatch.length() > 0) foldMatch.append(" OR ");
      foldMatch.append("(s.hmac_key_id = ? AND s.vehicle_fold_hash = ?)");
    }
    String sql = "SELECT s.read_id, s.captured_at, s.camera_id, s.vehicle_hash, s.hmac_key_id, s.lane, s.direction, s.confidence,"
        + " s.image_key, s.image_sha256, c.street, c.latitude, c.longitude"
        + " FROM sightings s JOIN cameras c ON c.camera_id = s.camera_id"
        + " WHERE c.police_zone = ? AND s.captured_at >= ? AND s.captured_at < ? AND (" + foldMatch + ")"
        + " ORDER BY s.captured_at, s.read_id LIMIT ?";
    try (Connection c = db.open(); PreparedStatement q = c.prepareStatement(sql)) {
      int i = 1;
      q.setString(i++, policeZone);
      q.setTimestamp(i++, Timestamp.from(from));
      q.setTimestamp(i++, Timestamp.from(to));
      for (VehicleHmac key : keys) {
        q.setString(i++, key.keyId());
        q.setBytes(i++, key.folded(vehicleKey));
      }
      q.setInt(i, limits.maxSightings() + 1);
      List<Row> rows = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          byte[] vehicleHash = rs.getBytes("vehicle_hash");
          String keyId = rs.getString("hmac_key_id");
          MatchKind match = Arrays.equals(vehicleHash, exactByKeyId.get(keyId)) ? MatchKind.EXACT : MatchKind.OCR_FOLDED;
          SightingHit hit = new SightingHit(rs.getString("read_id"), rs.getObject("captured_at", OffsetDateTime.class).toInstant(),
              rs.getString("camera_id"), rs.getString("street"), rs.getDouble("latitude"), rs.getDouble("longitude"),
              rs.getShort("lane"), rs.getString("direction"), rs.getFloat("confidence"), rs.getString("image_key"),
              rs.getString("image_sha256"), match);
          rows.add(new Row(hit, vehicleHash, keyId));
        }
      }
      return rows;
    } catch (SQLException e) {
      // SQL state only: the driver's message may quote parameters.
      throw new IllegalStateException("the sightings search failed: SQLState " + e.getSQLState());
    }
  }

  /**
   * Groups sightings (in time order) into passages: per vehicle (the exact matches are the searched
   * vehicle under whichever key they were written; each other keyed hash is one similar plate), a
   * new passage after a pause longer than {@code gapMs}. Passages in order of first sighting.
   */
  static List<Passage> passages(List<Row> rows, long gapMs, String vehicleKey) {
    Map<String, String> labels = new LinkedHashMap<>();
    Map<String, List<List<SightingHit>>> runs = new LinkedHashMap<>();
    for (Row row : rows) {
      String vehicle = row.hit().match() == MatchKind.EXACT
          ? "exact"
          : row.hmacKeyId() + ":" + HexFormat.of().formatHex(row.vehicleHash());
      if (!labels.containsKey(vehicle)) {
        long similar = labels.keySet().stream().filter(k -> !k.equals("exact")).count();
        labels.put(vehicle, vehicle.equals("exact") ? "searched vehicle" : "similar plate " + (similar + 1));
      }
      List<List<SightingHit>> vehicleRuns = runs.computeIfAbsent(vehicle, v -> new ArrayList<>());
      List<SightingHit> last = vehicleRuns.isEmpty() ? null : vehicleRuns.get(vehicleRuns.size() - 1);
      if (last == null || row.hit().capturedAt().toEpochMilli() - last.get(last.size() - 1).capturedAt().toEpochMilli() > gapMs) {
        last = new ArrayList<>();
        vehicleRuns.add(last);
      }
      last.add(row.hit());
    }
    List<Passage> out = new ArrayList<>();
    runs.forEach((vehicle, vehicleRuns) -> {
      for (List<SightingHit> run : vehicleRuns) {
        MatchKind match = run.get(0).match();
        List<String> cameras = new ArrayList<>();
        for (SightingHit h : run) if (cameras.isEmpty() || !cameras.get(cameras.size() - 1).equals(h.cameraId())) cameras.add(h.cameraId());
        out.add(new Passage(labels.get(vehicle), match, howMatched(match, vehicleKey), run.get(0).capturedAt(),
            run.get(run.size() - 1).capturedAt(), cameras, run));
      }
    });
    out.sort((a, b) -> a.firstSeen().compareTo(b.firstSeen()));
    return out;
  }

  /** What matched and how, for the user who typed the plate (it goes into the result, never into a log). */
  static String howMatched(MatchKind match, String vehicleKey) {
    if (match == MatchKind.EXACT) return "exact: the same plate and country as searched";
    String plate = vehicleKey.substring(vehicleKey.indexOf(':') + 1);
    List<String> confusable = new ArrayList<>();
    for (int i = 0; i < plate.length(); i++) {
      char ch = plate.charAt(i);
      StringBuilder alternatives = new StringBuilder();
      for (char other : "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray()) {
        if (OcrFold.confusable(ch, other)) alternatives.append(alternatives.length() == 0 ? "" : "/").append(other);
      }
      if (alternatives.length() > 0) confusable.add("position " + (i + 1) + " '" + ch + "' ~ " + alternatives);
    }
    return "OCR-confusable: a different plate that reads the same once O/D/0, I/1, B/8, S/5, Z/2, G/6 are folded ("
        + String.join(", ", confusable) + ")";
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
