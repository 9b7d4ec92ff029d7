package io.lezflow.evidence;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * SQL of {@code evidence_images} and {@code evidence_alarms}, in one place. One connection,
 * reopened after a failure; a batch of images and alarms is written in one transaction, each
 * statement batched (one round trip per table, not per row).
 */
final class EvidenceStore implements AutoCloseable {
  static final String INSERT_IMAGE = "INSERT INTO evidence_images (sha256, content, content_type, camera_id, image_key, read_id, violation_id)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING";
  static final String INSERT_ALARM = "INSERT INTO evidence_alarms"
      + " (kind, violation_id, read_id, camera_id, image_key, expected_sha256, actual_sha256, detail)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (read_id, kind) DO NOTHING";

  /** How many rows a write added (a redelivered violation adds none). */
  record Written(int images, int hashMismatches, int alarms) {}

  private final String url;
  private final String user;
  private final String password;
  private Connection connection;

  EvidenceStore(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  /** Which of these hashes the store already holds: their images need no fetch. */
  Set<String> alreadyStored(Collection<String> hashes) throws SQLException {
    Set<String> known = new HashSet<>();
    if (hashes.isEmpty()) return known;
    try (PreparedStatement select = connection().prepareStatement("SELECT sha256 FROM evidence_images WHERE sha256 = ANY (?)")) {
      Array array = connection().createArrayOf("text", hashes.toArray());
      select.setArray(1, array);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) known.add(rows.getString(1));
      }
    } catch (SQLException e) {
      discardConnection();
      throw e;
    }
    return known;
  }

  Written write(List<StoredImage> images, List<Alarm> alarms) throws SQLException {
    Connection c = connection();
    try {
      c.setAutoCommit(false);
      int storedImages = 0;
      int mismatches = 0;
      int storedAlarms = 0;
      if (!images.isEmpty()) {
        try (PreparedStatement insert = c.prepareStatement(INSERT_IMAGE)) {
          for (StoredImage image : images) {
            EvidenceRequest s = image.source();
            insert.setString(1, image.sha256());
            insert.setBytes(2, image.content());
            insert.setString(3, image.contentType());
            insert.setString(4, s.cameraId());
            insert.setString(5, s.imageKey());
            insert.setString(6, s.readId());
            insert.setString(7, s.violationId());
            insert.addBatch();
          }
          for (int n : insert.executeBatch()) storedImages += Math.max(0, n);
        }
      }
      if (!alarms.isEmpty()) {
        try (PreparedStatement insert = c.prepareStatement(INSERT_ALARM)) {
          for (Alarm a : alarms) {
            insert.setString(1, a.kind().name());
            insert.setString(2, a.violationId());
            insert.setString(3, a.readId());
            insert.setString(4, a.cameraId());
            insert.setString(5, a.imageKey());
            insert.setString(6, a.expectedSha256());
            insert.setString(7, a.actualSha256());
            insert.setString(8, a.detail());
            insert.addBatch();
          }
          int[] counts = insert.executeBatch();
          for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
              storedAlarms++;
              if (alarms.get(i).kind() == AlarmKind.HASH_MISMATCH) mismatches++;
            }
          }
        }
      }
      c.commit();
      return new Written(storedImages, mismatches, storedAlarms);
    } catch (SQLException e) {
      discardConnection();
      throw e;
    }
  }

  private Connection connection() throws SQLException {
    if (connection == null) connection = DriverManager.getConnection(url, user, password);
    return connection;
  }

  private void discardConnection() {
    if (connection == null) return;
    try {
      connection.close();
    } catch (SQLException ignored) {
      // The connection is broken already; a new one is opened for the retry.
    }
    connection = null;
  }

  @Override
  public void close() {
    discardConnection();
  }
}
