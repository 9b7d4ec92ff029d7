package io.lezflow.ops;

import io.javalin.config.RoutesConfig;
import io.lezflow.portal.PortalConfig;
import io.lezflow.portal.PortalDatabase;
import io.lezflow.portal.PortalServer;
import io.lezflow.portal.evidence.SigningKey;
import io.lezflow.portal.police.PoliceRoutes;
import io.lezflow.portal.police.PoliceServices;
import io.lezflow.schemas.plates.VehicleHmacKeyring;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lezflow portal}: the operators' portal over an existing lezflow database, until Ctrl-C. */
@Command(
    name = "portal",
    mixinStandardHelpOptions = true,
    description = {"Runs the operators' portal (web UI and HTTP API, OpenAPI at /openapi.yaml) until Ctrl-C.",
        "Users come from `lezflow users add`."})
public final class PortalCommand implements Callable<Integer> {
  @Option(names = "--jdbc-url", defaultValue = "${env:LEZ_JDBC_URL}", description = "PostgreSQL of lezflow (env LEZ_JDBC_URL).")
  String jdbcUrl;

  @Option(names = "--jdbc-user", defaultValue = "${env:LEZ_JDBC_USER:-postgres}", description = "PostgreSQL user. Default: postgres.")
  String jdbcUser;

  @Option(names = "--jdbc-password", defaultValue = "${env:LEZ_JDBC_PASSWORD:-}", description = "PostgreSQL password (env LEZ_JDBC_PASSWORD).")
  String jdbcPassword;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on. Default: ${DEFAULT-VALUE}.")
  String host;

  @Option(names = "--port", defaultValue = "8080", description = "Port (0: any free one). Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--signing-key", defaultValue = "${env:LEZ_SIGNING_KEY}",
      description = "Ed25519 private key (PEM PKCS#8, `openssl genpkey -algorithm ed25519 -out key.pem`) that signs evidence packages (env LEZ_SIGNING_KEY).")
  Path signingKey;

  @Option(names = "--time-zone", defaultValue = "Europe/Brussels", description = "How times are shown. Default: ${DEFAULT-VALUE}.")
  String timeZone;

  @Option(names = "--secure-cookies", description = "Mark cookies Secure (when served behind TLS).")
  boolean secureCookies;

  @Option(names = "--kafka-bootstrap", description = {
      "Kafka of lezflow, host:port[,host:port...]: mounts the police pages and API (plate search, hotlists published to the",
      "hotlist job, live alerts, cameras, audit). Needs LEZ_SIGHTINGS_HMAC_KEY, the enforcement job's sightings secret.",
      "Default: unset, the operators' portal only."})
  String kafkaBootstrap;

  @Override
  public Integer call() throws Exception {
    VehicleHmacKeyring keyring = policeKeyring(kafkaBootstrap, System.getenv());
    PortalConfig config = config(host, port, signingKey(signingKey), timeZone, secureCookies);
    CountDownLatch stop = new CountDownLatch(1);
    try (PortalDatabase db = PortalDb.open(jdbcUrl, jdbcUser, jdbcPassword);
        PoliceServices police = keyring == null ? null : PoliceServices.open(db.dataSource(), kafkaBootstrap.trim(), keyring);
        PortalServer server = start(config, db, police == null ? List.of() : List.of(PoliceRoutes.of(police)))) {
      System.out.println("lezflow portal: " + server.url() + (police == null ? " (operators' pages; no --kafka-bootstrap: no police pages)"
          : " (operators' and police pages)") + " (Ctrl-C to stop)");
      System.out.flush();
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "lezflow-portal-shutdown"));
      stop.await();
    }
    return 130;
  }

  /**
   * The sightings HMAC keys the police search and hotlists hash plates with, when the police pages
   * are on ({@code --kafka-bootstrap} set); null when they are off.
   */
  static VehicleHmacKeyring policeKeyring(String kafkaBootstrap, Map<String, String> env) {
    if (kafkaBootstrap == null || kafkaBootstrap.isBlank()) return null;
    if (!kafkaBootstrap.trim().matches("[^\\s,:]+:\\d{1,5}(,[^\\s,:]+:\\d{1,5})*")) {
      throw new BadSetting("--kafka-bootstrap must be host:port[,host:port...], got '" + kafkaBootstrap + "'");
    }
    try {
      return VehicleHmacKeyring.fromEnvironment(env);
    } catch (IllegalArgumentException e) {
      throw new BadSetting("--kafka-bootstrap mounts the police pages: " + e.getMessage());
    }
  }

  static PortalServer start(PortalConfig config, PortalDatabase db) {
    return start(config, db, List.of());
  }

  /** With more route sets (the demo's police pages). */
  static PortalServer start(PortalConfig config, PortalDatabase db, List<BiConsumer<RoutesConfig, PortalServer.Services>> extraRoutes) {
    try {
      return PortalServer.start(config, db.jdbi(), extraRoutes);
    } catch (RuntimeException e) {
      if (hasBindFailure(e)) throw new BadSetting("cannot listen on " + config.host() + ":" + config.port() + " (in use or not an address of this machine)");
      throw e;
    }
  }

  private static boolean hasBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException) return true;
    }
    return false;
  }

  static PortalConfig config(String host, int port, SigningKey key, String timeZone, boolean secureCookies) {
    if (port < 0 || port > 65535) throw new BadSetting("--port must be 0..65535, got " + port);
    if (host == null || host.isBlank()) throw new BadSetting("--host must not be blank");
    ZoneId zone;
    try {
      zone = ZoneId.of(timeZone);
    } catch (DateTimeException e) {
      throw new BadSetting("--time-zone: unknown time zone " + timeZone + " (e.g. Europe/Brussels)");
    }
    PortalConfig d = PortalConfig.defaults(key);
    return new PortalConfig(host.trim(), port, zone, key, secureCookies, d.sessionTtl(), d.tokenTtl(), d.loginFailures(), d.loginWindow());
  }

  static SigningKey signingKey(Path file) {
    if (file == null) throw new BadSetting("--signing-key (or env LEZ_SIGNING_KEY) is required: make one with `openssl genpkey -algorithm ed25519 -out key.pem`");
    if (!Files.isReadable(file)) throw new BadSetting("--signing-key " + file + " is not a readable file");
    try {
      return SigningKey.read(file);
    } catch (IllegalArgumentException e) {
      throw new BadSetting("--signing-key " + file + ": " + e.getMessage());
    } catch (IOException e) {
      throw new BadSetting("--signing-key " + file + " cannot be read");
    }
  }
}
