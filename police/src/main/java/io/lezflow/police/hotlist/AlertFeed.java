package io.lezflow.police.hotlist;

import io.lezflow.police.Connections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live hotlist alerts per police zone for the portal (turn each into a server-sent event): polls
 * {@code hotlist_alerts} every {@code pollInterval} for rows newer than the last seen ({@code
 * alerted_at, alert_id} keyset; one {@link AlertNotifier} writes them in order) and hands each to
 * the listeners of its zone only. Reads only PostgreSQL. Listeners run on the poll thread: they
 * must not block (queue the event to the HTTP connection).
 */
public final class AlertFeed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertFeed.class);
  private static final String SELECT = "SELECT a.alert_id, a.entry_id, a.police_zone, e.reference, e.reason, a.read_id, a.camera_id,"
      + " a.captured_at, a.match, c.latitude, c.longitude, a.alerted_at FROM hotlist_alerts a"
      + " LEFT JOIN hotlist_entries e ON e.entry_id = a.entry_id LEFT JOIN cameras c ON c.camera_id = a.camera_id";

  private final Connections db;
  private final Map<String, List<Consumer<Alert>>> listeners = new ConcurrentHashMap<>();
  private final ScheduledExecutorService poller;
  private Instant lastAt;
  private String lastId = "";

  public AlertFeed(Connections db, Duration pollInterval) {
    this.db = db;
    this.lastAt = Instant.now();
    this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "lezflow-alert-feed");
      t.setDaemon(true);
      return t;
    });
    poller.scheduleWithFixedDelay(this::poll, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Calls {@code listener} with every new alert of {@code policeZone}; close the handle to stop. */
  public AutoCloseable subscribe(String policeZone, Consumer<Alert> listener) {
    listeners.computeIfAbsent(policeZone, z -> new CopyOnWriteArrayList<>()).add(listener);
    return () -> listeners.getOrDefault(policeZone, List.of()).remove(listener);
  }

  /** The zone's latest alerts, newest first (the page a live view starts with). */
  public List<Alert> recent(String policeZone, int limit) {
    try (Connection c = db.open(); PreparedStatement q = c.prepareStatement(
        SELECT + " WHERE a.police_zone = ? ORDER BY a.alerted_at DESC, a.alert_id DESC LIMIT ?")) {
      q.setString(1, policeZone);
      q.setInt(2, Math.max(1, limit));
      return read(q);
    } catch (SQLException e) {
      throw new IllegalStateException("reading hotlist alerts failed: SQLState " + e.getSQLState());
    }
  }

  /**
   * The zone's alerts stored after alert {@code alertId} (keyset on {@code alerted_at, alert_id}),
   * oldest first, at most {@code limit}: how a client that saw {@code alertId} catches up. Empty
   * when the zone has no alert {@code alertId} (another zone's is not found either).
   */
  public Optional<List<Alert>> after(String policeZone, String alertId, int limit) {
    try (Connection c = db.open(); PreparedStatement q = c.prepareStatement(
        SELECT + " JOIN hotlist_alerts k ON k.alert_id = ? AND k.police_zone = ? WHERE a.police_zone = ?"
            + " AND (a.alerted_at, a.alert_id) > (k.alerted_at, k.alert_id) ORDER BY a.alerted_at, a.alert_id LIMIT ?");
        PreparedStatement known = c.prepareStatement("SELECT 1 FROM hotlist_alerts WHERE alert_id = ? AND police_zone = ?")) {
      known.setString(1, alertId);
      known.setString(2, policeZone);
      try (ResultSet rs = known.executeQuery()) {
        if (!rs.next()) return Optional.empty();
      }
      q.setString(1, alertId);
      q.setString(2, policeZone);
      q.setString(3, policeZone);
      q.setInt(4, Math.max(1, limit));
      return Optional.of(read(q));
    } catch (SQLException e) {
      throw new IllegalStateException("reading hotlist alerts failed: SQLState " + e.getSQLState());
    }
  }

  private void poll() {
    try (Connection c = db.open(); PreparedStatement q = c.prepareStatement(
        SELECT + " WHERE (a.alerted_at, a.alert_id) > (?, ?) ORDER BY a.alerted_at, a.alert_id LIMIT 500")) {
      q.setObject(1, OffsetDateTime.ofInstant(lastAt, ZoneOffset.UTC));
      q.setString(2, lastId);
      for (Alert alert : read(q)) {
        lastAt = alert.alertedAt();
        lastId = alert.alertId();
        for (Consumer<Alert> l : listeners.getOrDefault(alert.policeZone(), List.of())) {
          try {
            l.accept(alert);
          } catch (RuntimeException e) {
            LOG.debug("an alert listener failed: {}", e.getClass().getSimpleName());
          }
        }
      }
    } catch (SQLException | RuntimeException e) {
      LOG.debug("polling hotlist alerts failed, next poll retries: {}", e.getClass().getSimpleName());
    }
  }

  private static List<Alert> read(PreparedStatement q) throws SQLException {
    List<Alert> out = new ArrayList<>();
    try (ResultSet rs = q.executeQuery()) {
      while (rs.next()) {
        out.add(new Alert(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
            rs.getString(7), rs.getObject(8, OffsetDateTime.class).toInstant(), rs.getString(9), rs.getDouble(10), rs.getDouble(11),
            rs.getObject(12, OffsetDateTime.class).toInstant()));
      }
    }
    return out;
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
