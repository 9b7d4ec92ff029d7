package io.lezflow.police.hotlist;

import com.google.protobuf.ByteString;
import io.lezflow.police.Connections;
import io.lezflow.police.PoliceCaller;
import io.lezflow.police.audit.AuditLog;
import io.lezflow.police.audit.AuditRecord;
import io.lezflow.schemas.VehicleKeys;
import io.lezflow.schemas.plates.VehicleHmac;
import io.lezflow.schemas.plates.VehicleHmacKeyring;
import io.lezflow.schemas.v1.HotlistEntry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The police zones' hotlists: plates a zone is looking for, one by one or from a CSV, each with a
 * reason, the listing's reference and an expiry. Stored ({@code hotlist_entries}) and published to
 * the hotlist job as keyed hashes only (exact and OCR-folded, {@link VehicleHmac}), never the plate;
 * an alert names the entry by its reference. Every change is audited. A zone sees and removes only
 * its own entries. Thread-safe.
 */
public final class HotlistStore {
  /** Longest listing: the sightings retention (12 months). */
  public static final Duration MAX_LISTING = Duration.ofDays(366);
  public static final String CSV_HEADER = "plate,country,reason,reference,expires";

  private final Connections db;
  private final VehicleHmacKeyring keyring;
  private final AuditLog audit;
  private final HotlistPublisher publisher;
  private final Clock clock;

  public HotlistStore(Connections db, VehicleHmacKeyring keyring, AuditLog audit, HotlistPublisher publisher, Clock clock) {
    this.db = db;
    this.keyring = keyring;
    this.audit = audit;
    this.publisher = publisher;
    this.clock = clock;
  }

  /** A listed entry as a zone sees it: no plate. */
  public record Listing(String entryId, String policeZone, String reference, String reason, String listedBy, Instant listedAt,
      Instant expiresAt, boolean removed) {}

  /** A hotlist input that cannot be listed: which line (CSV; 0 for a single entry) and why. Names no plate. */
  public static final class BadHotlistEntry extends IllegalArgumentException {
    public BadHotlistEntry(String message) {
      super(message);
    }
  }

  /** Lists one plate for the caller's zone until {@code expiresAt}. */
  public Listing add(PoliceCaller caller, String plateText, String country, String reason, String reference, Instant expiresAt) {
    Instant now = clock.instant();
    String problem = problem(plateText, reason, reference, expiresAt, now);
    if (problem != null) {
      audit.append(record("HOTLIST_ADD", caller, reason, "reference=" + reference, 0, AuditRecord.REFUSED, problem));
      throw new BadHotlistEntry(problem);
    }
    String vehicleKey = VehicleKeys.of(country, plateText);
    VehicleHmac key = keyring.current();
    String entryId = "hl-" + UUID.randomUUID();
    Listing listing = new Listing(entryId, caller.policeZone(), reference.strip(), reason.strip(), caller.userId(), now, expiresAt, false);
    try (Connection c = db.open(); PreparedStatement insert = c.prepareStatement(
        "INSERT INTO hotlist_entries (entry_id, police_zone, hmac_key_id, vehicle_hash, vehicle_fold_hash, reason, reference, listed_by,"
            + " listed_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, entryId);
      insert.setString(2, caller.policeZone());
      insert.setString(3, key.keyId());
      insert.setBytes(4, key.exact(vehicleKey));
      insert.setBytes(5, key.folded(vehicleKey));
      insert.setString(6, listing.reason());
      insert.setString(7, listing.reference());
      insert.setString(8, caller.userId());
      insert.setObject(9, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
      insert.setObject(10, OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC));
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("storing a hotlist entry failed: SQLState " + e.getSQLState());
    }
    publisher.publish(HotlistEntry.newBuilder().setEntryId(entryId).setPoliceZone(caller.policeZone()).setHmacKeyId(key.keyId())
        .setVehicleHash(ByteString.copyFrom(key.exact(vehicleKey))).setVehicleFoldHash(ByteString.copyFrom(key.folded(vehicleKey)))
        .setReference(listing.reference()).setReason(listing.reason()).setListedAtMs(now.toEpochMilli())
        .setExpiresAtMs(expiresAt.toEpochMilli()).build());
    audit.append(record("HOTLIST_ADD", caller, reason, "entry=" + entryId + " reference=" + listing.reference() + " plate_hmac="
        + key.keyId() + ":" + HexFormat.of().formatHex(key.exact(vehicleKey), 0, 8) + " expires=" + expiresAt, 1, AuditRecord.ALLOWED, null));
    return listing;
  }

  /** What a CSV import listed and refused (line numbers and reasons, no plates). */
  public record ImportReport(List<Listing> listed, List<String> refused) {}

  /**
   * Lists every valid line of a CSV ({@link #CSV_HEADER}; {@code expires} an ISO date, end of that
   * day in {@code zone}, or an instant); a bad line is refused with its number and reason and the
   * others are still listed.
   */
  public ImportReport importCsv(PoliceCaller caller, Reader csv, ZoneId zone) {
    List<Listing> listed = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    try {
      BufferedReader lines = new BufferedReader(csv);
      String header = lines.readLine();
      if (header == null || !header.strip().equalsIgnoreCase(CSV_HEADER)) {
        throw new BadHotlistEntry("the hotlist CSV must start with the header '" + CSV_HEADER + "'");
      }
      int n = 1;
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        n++;
        if (line.isBlank()) continue;
        String[] f = line.split(",", -1);
        if (f.length != 5) {
          refused.add("line " + n + ": expected 5 fields, found " + f.length);
          continue;
        }
        Instant expires;
        try {
          String e = f[4].strip();
          expires = e.length() == 10 ? LocalDate.parse(e).plusDays(1).atStartOfDay(zone).toInstant() : Instant.parse(e);
        } catch (DateTimeParseException e) {
          refused.add("line " + n + ": expires must be a date (2026-12-31) or an instant");
          continue;
        }
        try {
          listed.add(add(caller, f[0], f[1], f[2], f[3], expires));
        } catch (BadHotlistEntry e) {
          refused.add("line " + n + ": " + e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ImportReport(listed, refused);
  }

  /** Removes an entry of the caller's zone (false when the zone has no such live entry: another zone's is not found). */
  public boolean remove(PoliceCaller caller, String entryId, String reason) {
    Instant now = clock.instant();
    Listing existing;
    try (Connection c = db.open(); PreparedStatement q = c.prepareStatement(
        "UPDATE hotlist_entries SET removed_at = ?, removed_by = ? WHERE entry_id = ? AND police_zone = ? AND removed_at IS NULL"
            + " RETURNING hmac_key_id, reference, reason, listed_by, listed_at, expires_at")) {
      q.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
      q.setString(2, caller.userId());
      q.setString(3, entryId);
      q.setString(4, caller.policeZone());
      try (ResultSet rs = q.executeQuery()) {
        if (!rs.next()) return false;
        existing = new Listing(entryId, caller.policeZone(), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getObject(6, OffsetDateTime.class).toInstant(), true);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("removing a hotlist entry failed: SQLState " + e.getSQLState());
    }
    publisher.publish(HotlistEntry.newBuilder().setEntryId(entryId).setPoliceZone(caller.policeZone()).setReference(existing.reference())
        .setExpiresAtMs(existing.expiresAt().toEpochMilli()).setRemoved(true).build());
    audit.append(record("HOTLIST_REMOVE", caller, reason, "entry=" + entryId + " reference=" + existing.reference(), 1,
        AuditRecord.ALLOWED, null));
    return true;
  }

  /** The zone's live entries (not removed, not expired), newest first. */
  public List<Listing> list(String policeZone) {
    try (Connection c = db.open(); PreparedStatement q = c.prepareStatement(
        "SELECT entry_id, reference, reason, listed_by, listed_at, expires_at FROM hotlist_entries"
            + " WHERE police_zone = ? AND removed_at IS NULL AND expires_at > ? ORDER BY listed_at DESC")) {
      q.setString(1, policeZone);
      q.setObject(2, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
      List<Listing> out = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.add(new Listing(rs.getString(1), policeZone, rs.getString(2), rs.getString(3), rs.getString(4),
              rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getObject(6, OffsetDateTime.class).toInstant(), false));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("reading the hotlist failed: SQLState " + e.getSQLState());
    }
  }

  private static String problem(String plateText, String reason, String reference, Instant expiresAt, Instant now) {
    String plate = VehicleKeys.normalisePlate(plateText);
    if (plate.isEmpty() || plate.length() > 10) return "the plate must have 1 to 10 letters or digits";
    if (reason == null || reason.strip().length() < 4) return "a hotlist entry needs a reason";
    if (reference == null || reference.isBlank()) return "a hotlist entry needs the listing's reference (case, notice)";
    if (reference.contains(",") || reason.contains(",")) return "reason and reference may not contain commas";
    if (expiresAt == null || !expiresAt.isAfter(now)) return "the expiry must be in the future";
    if (expiresAt.isAfter(now.plus(MAX_LISTING))) return "a listing may last at most " + MAX_LISTING.toDays() + " days";
    return null;
  }

  private static AuditRecord record(String kind, PoliceCaller caller, String reason, String query, int count, String outcome,
      String refusal) {
    return new AuditRecord(kind, caller.userId(), PoliceCaller.ROLE, caller.policeZone(), caller.profile().name(),
        reason == null ? "" : reason.strip(), null, query, count, outcome, refusal);
  }
}
