package io.lezflow.jobs.postgres;

import io.lezflow.jobs.records.Sighting;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Sightings into the day-partitioned table {@code sightings}; duplicates (same captured_at and
 * read_id) are ignored.
 *
 * <p>Partitions are UTC days named {@code sightings_yyyyMMdd} and created on demand, before the
 * first insert into them, under a transaction-scoped advisory lock so that parallel writers never
 * race on the DDL. Each writer remembers which days it has ensured, so the DDL runs once per day
 * per writer, not per batch.
 */
public final class SightingRows implements TableRows<Sighting> {
  private static final long serialVersionUID = 1L;
  private static final DateTimeFormatter PARTITION_SUFFIX = DateTimeFormatter.BASIC_ISO_DATE;
  /** Any constant: all writers of all schemas serialise partition DDL on it (it is rare and short). */
  private static final long PARTITION_DDL_LOCK = 0x6c657a666c6f7701L;

  @Override
  public String table() {
    return "sightings";
  }

  @Override
  public String insertSql() {
    return "INSERT INTO sightings (read_id, captured_at, camera_id, zone_id, vehicle_hash, outcome, hmac_key_id,"
        + " vehicle_fold_hash, lane, direction, confidence, image_key, image_sha256)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (captured_at, read_id) DO NOTHING";
  }

  @Override
  public void bind(PreparedStatement insert, Sighting s, Connection connection) throws SQLException {
    insert.setString(1, s.readId);
    insert.setObject(2, OffsetDateTime.ofInstant(Instant.ofEpochMilli(s.capturedAtMs), ZoneOffset.UTC));
    insert.setString(3, s.cameraId);
    insert.setString(4, s.zoneId);
    insert.setBytes(5, s.vehicleHash);
    insert.setString(6, s.outcome);
    insert.setString(7, s.hmacKeyId);
    insert.setBytes(8, s.vehicleFoldHash);
    insert.setShort(9, (short) s.lane);
    insert.setString(10, s.direction);
    insert.setFloat(11, s.confidence);
    insert.setString(12, s.imageKey);
    insert.setString(13, s.imageSha256);
  }

  @Override
  public BatchPreparation<Sighting> newPreparation() {
    return new DayPartitions();
  }

  /** The partition table of a capture time. */
  public static String partitionOf(long capturedAtMs) {
    return "sightings_" + utcDay(capturedAtMs).format(PARTITION_SUFFIX);
  }

  static LocalDate utcDay(long epochMs) {
    return LocalDate.ofInstant(Instant.ofEpochMilli(epochMs), ZoneOffset.UTC);
  }

  /** Creates missing day partitions for a batch; remembers the days it has ensured. */
  static final class DayPartitions implements BatchPreparation<Sighting> {
    private final Set<LocalDate> ensured = new HashSet<>();

    @Override
    public void prepare(Connection connection, List<Sighting> batch) throws SQLException {
      Set<LocalDate> missing = new TreeSet<>();
      for (Sighting s : batch) {
        LocalDate day = utcDay(s.capturedAtMs);
        if (!ensured.contains(day)) missing.add(day);
      }
      if (missing.isEmpty()) return;
      try (Statement st = connection.createStatement()) {
        st.execute("SELECT pg_advisory_xact_lock(" + PARTITION_DDL_LOCK + ")");
        for (LocalDate day : missing) {
          // Bounds with an explicit UTC offset: a bare date would be read in the session's time zone.
          st.execute("CREATE TABLE IF NOT EXISTS sightings_" + day.format(PARTITION_SUFFIX)
              + " PARTITION OF sightings FOR VALUES FROM ('" + day + " 00:00:00+00') TO ('"
              + day.plusDays(1) + " 00:00:00+00')");
        }
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      }
      ensured.addAll(missing);
    }
  }
}
