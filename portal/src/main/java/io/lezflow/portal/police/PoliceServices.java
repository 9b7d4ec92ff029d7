package io.lezflow.portal.police;

import io.lezflow.police.Connections;
import io.lezflow.police.audit.AuditLog;
import io.lezflow.police.cameras.CameraDirectory;
import io.lezflow.police.hotlist.AlertFeed;
import io.lezflow.police.hotlist.HotlistPublisher;
import io.lezflow.police.hotlist.HotlistStore;
import io.lezflow.police.hotlist.KafkaHotlistPublisher;
import io.lezflow.police.search.PlateSearch;
import io.lezflow.police.search.SearchLimits;
import io.lezflow.schemas.plates.VehicleHmacKeyring;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the police pages and API need from the police library, built once per portal. Close it to
 * stop the alert feed's poller and the hotlist publisher's producer (the ones {@link #open} made).
 *
 * @param search the audited plate search within the law
 * @param alerts the live hotlist alerts (server-sent events)
 * @param hotlists the zones' hotlists, published to the hotlist job
 * @param audit the hash-chained audit log (auditor pages)
 * @param cameras the camera registry and health (maps)
 * @param limits what {@code search} enforces, shown on the search form
 * @param owned what {@link #close} stops, last made first
 */
public record PoliceServices(
    PlateSearch search,
    AlertFeed alerts,
    HotlistStore hotlists,
    AuditLog audit,
    CameraDirectory cameras,
    SearchLimits limits,
    Clock clock,
    List<AutoCloseable> owned) implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PoliceServices.class);
  /** How often the alert feed reads new alerts: well inside the 5 s an alert may take to reach the portal. */
  public static final Duration ALERT_POLL = Duration.ofMillis(500);

  public PoliceServices {
    owned = List.copyOf(owned);
  }

  /**
   * The police services of a portal on {@code dataSource} (the portal's pool: {@code
   * PortalDatabase.dataSource()}), publishing hotlist changes to Kafka at {@code kafkaBootstrap},
   * under Belgian law's search limits.
   *
   * @param keyring the sightings HMAC keys ({@code VehicleHmacKeyring.of(secret, previousCsv)})
   */
  public static PoliceServices open(DataSource dataSource, String kafkaBootstrap, VehicleHmacKeyring keyring) {
    return open(Connections.of(dataSource), kafkaBootstrap, keyring);
  }

  /** The same over driver connections, e.g. {@code Connections.of(jdbcUrl, user, password)}. */
  public static PoliceServices open(Connections db, String kafkaBootstrap, VehicleHmacKeyring keyring) {
    KafkaHotlistPublisher publisher = new KafkaHotlistPublisher(kafkaBootstrap);
    try {
      return open(db, publisher, publisher, keyring, SearchLimits.BELGIAN_LAW, ALERT_POLL, Clock.systemUTC());
    } catch (RuntimeException e) {
      publisher.close();
      throw e;
    }
  }

  /**
   * Everything given: tests pass their own limits, poll interval and clock.
   *
   * @param publisherToClose closed with the services (null when the caller owns the publisher)
   */
  public static PoliceServices open(Connections db, HotlistPublisher publisher, AutoCloseable publisherToClose, VehicleHmacKeyring keyring,
      SearchLimits limits, Duration alertPoll, Clock clock) {
    AuditLog audit = new AuditLog(db, clock);
    AlertFeed alerts = new AlertFeed(db, alertPoll);
    List<AutoCloseable> owned = new ArrayList<>();
    if (publisherToClose != null) owned.add(publisherToClose);
    owned.add(alerts);
    return new PoliceServices(new PlateSearch(db, keyring, audit, limits, clock), alerts,
        new HotlistStore(db, keyring, audit, publisher, clock), audit, new CameraDirectory(db), limits, clock, owned);
  }

  @Override
  public void close() {
    for (int i = owned.size() - 1; i >= 0; i--) {
      try {
        owned.get(i).close();
      } catch (Exception e) {
        log.warn("stopping the portal's police services: {}", e.getClass().getSimpleName());
      }
    }
  }
}
