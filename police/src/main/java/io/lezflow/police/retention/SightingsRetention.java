package io.lezflow.police.retention;

import io.lezflow.police.Connections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the life of sightings at the end of their retention: drops every day partition of {@code
 * sightings} (named {@code sightings_yyyyMMdd}, a UTC day) whose whole day lies before now minus
 * the retention, and for zones with a shorter retention deletes their older rows from the
 * partitions still kept. A partition that still holds one row young enough stays.
 *
 * <p>Logs what it dropped and deleted (partition names, days, counts: never a plate). Partition DDL
 * is serialised with the writers' partition creation by the same advisory lock.
 */
public final class SightingsRetention {
  private static final Logger LOG = LoggerFactory.getLogger(SightingsRetention.class);
  /** The lock the sightings writer (stream-jobs SightingRows) takes around partition DDL. */
  static final long PARTITION_DDL_LOCK = 0x6c657a666c6f7701L;
  private static final DateTimeFormatter SUFFIX = DateTimeFormatter.BASIC_ISO_DATE;

  private final Connections db;
  private final RetentionPolicy policy;
  private final Clock clock;

  public SightingsRetention(Connections db, RetentionPolicy policy, Clock clock) {
    this.db = db;
    this.policy = policy;
    this.clock = clock;
  }

  /** What one run did. */
  public record Report(Instant cutoff, List<String> droppedPartitions, Map<String, Long> rowsDeletedPerZone) {}

  public Report run() {
    Instant now = clock.instant();
    Instant cutoff = minus(now, policy.retention());
    List<String> dropped = new ArrayList<>();
    Map<String, Long> deleted = new LinkedHashMap<>();
    try (Connection c = db.open()) {
      c.setAutoCommit(false);
      try {
        try (Statement st = c.createStatement()) {
          st.execute("SELECT pg_advisory_xact_lock(" + PARTITION_DDL_LOCK + ")");
        }
        for (String partition : partitions(c)) {
          LocalDate day = dayOf(partition);
          if (day == null) continue;
          Instant dayEnd = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
          if (!dayEnd.isAfter(cutoff)) {
            try (Statement st = c.createStatement()) {
              // The name comes from pg_class and matched sightings_yyyyMMdd: safe to splice in.
              st.execute("DROP TABLE " + partition);
            }
            dropped.add(partition);
            LOG.info("sightings retention: dropped partition {} (UTC day {}, older than the retention of {}: cutoff {})",
                partition, day, policy.retention(), cutoff);
          }
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
      for (Map.Entry<String, java.time.Period> zone : policy.shorterPerZone().entrySet()) {
        Instant zoneCutoff = minus(now, zone.getValue());
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM sightings WHERE zone_id = ? AND captured_at < ?")) {
          delete.setString(1, zone.getKey());
          delete.setTimestamp(2, Timestamp.from(zoneCutoff));
          long rows = delete.executeUpdate();
          c.commit();
          deleted.put(zone.getKey(), rows);
          if (rows > 0) {
            LOG.info("sightings retention: deleted {} sightings of zone {} older than its retention of {} (cutoff {})",
                rows, zone.getKey(), zone.getValue(), zoneCutoff);
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("sightings retention failed: SQLState " + e.getSQLState() + " (" + e.getClass().getSimpleName() + ")");
    }
    return new Report(cutoff, dropped, deleted);
  }

  /** The day partitions of {@code sightings} in the current schema, oldest first. */
  static List<String> partitions(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(
            "SELECT child.relname FROM pg_inherits i"
                + " JOIN pg_class child ON child.oid = i.inhrelid"
                + " JOIN pg_class parent ON parent.oid = i.inhparent"
                + " JOIN pg_namespace n ON n.oid = parent.relnamespace"
                + " WHERE parent.relname = 'sightings' AND n.nspname = current_schema()"
                + " ORDER BY child.relname")) {
      while (rs.next()) out.add(rs.getString(1));
    }
    return out;
  }

  /** The UTC day of a partition named {@code sightings_yyyyMMdd}, null for any other name. */
  static LocalDate dayOf(String partition) {
    if (!partition.matches("sightings_\\d{8}")) return null;
    try {
      return LocalDate.parse(partition.substring("sightings_".length()), SUFFIX);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Months counted on the UTC calendar, like the partitions. */
  private static Instant minus(Instant now, java.time.Period period) {
    return now.atZone(ZoneOffset.UTC).minus(period).toInstant();
  }
}
