package io.lezflow.ops;

import io.lezflow.portal.PortalConfig;
import io.lezflow.portal.PortalDatabase;
import io.lezflow.portal.PortalServer;
import io.lezflow.portal.auth.Role;
import io.lezflow.portal.police.PoliceRoutes;
import io.lezflow.portal.police.PoliceServices;
import io.lezflow.schemas.plates.VehicleHmacKeyring;
import io.lezflow.portal.auth.UserStore;
import io.lezflow.portal.evidence.SigningKey;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The portal inside {@code lezflow demo}: on the demo's database, with a login per role created at
 * the first start and kept in the data dir (so a restart prints the same logins), and an evidence
 * signing key kept there too.
 */
final class DemoPortal implements AutoCloseable {
  /** How the demo runs its portal; {@code port} 0 picks a free one. */
  record Settings(String host, int port, Path signingKey) {}

  private final PortalDatabase db;
  private final PoliceServices police;
  private final PortalServer server;
  private final Map<String, String> logins;

  private DemoPortal(PortalDatabase db, PoliceServices police, PortalServer server, Map<String, String> logins) {
    this.db = db;
    this.police = police;
    this.server = server;
    this.logins = logins;
  }

  /**
   * @param sightingsKeyring the sightings HMAC keys of the run: a hotlist entry is hashed with them,
   *     as the hotlist job hashes the reads, and the plate search finds the sightings with them
   */
  static DemoPortal start(Settings settings, LocalStack stack, Path dataDir, String policeZone, VehicleHmacKeyring sightingsKeyring,
      PrintStream out) throws IOException {
    Path dir = dataDir.resolve("portal");
    Files.createDirectories(dir);
    SigningKey key = settings.signingKey() != null ? PortalCommand.signingKey(settings.signingKey())
        : SigningKey.readOrCreate(dir.resolve("signing-key.pem"));
    PortalDatabase db = PortalDatabase.open(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword());
    PoliceServices police = null;
    try {
      Map<String, String> logins = demoLogins(dir.resolve("demo-logins.properties"));
      UserStore users = new UserStore(db.jdbi());
      for (Role r : Role.values()) {
        users.add(r.id(), r, r == Role.POLICE ? policeZone : null, logins.get(r.id()).toCharArray()); // false when it exists: kept
      }
      PortalConfig config = PortalCommand.config(settings.host(), settings.port(), key, "Europe/Brussels", false);
      // The police pages and API (search, live hotlist alerts, hotlists, cameras, audit) on the same pool.
      police = PoliceServices.open(db.dataSource(), stack.kafkaBootstrap(), sightingsKeyring);
      PortalServer server = PortalCommand.start(config, db, List.of(PoliceRoutes.of(police)));
      out.println("lezflow demo: portal at " + server.url());
      for (var e : logins.entrySet()) {
        out.println("lezflow demo:   login " + e.getKey() + " / " + e.getValue() + (e.getKey().equals("police") ? " (police zone " + policeZone + ", administrative profile)" : ""));
      }
      out.println("lezflow demo:   evidence packages signed by key " + key.keyId());
      return new DemoPortal(db, police, server, logins);
    } catch (RuntimeException | IOException e) {
      if (police != null) police.close();
      db.close();
      throw e;
    }
  }

  /** The demo's passwords, one per role: made at the first start, read back later. A demo's data dir is not a vault. */
  private static Map<String, String> demoLogins(Path file) throws IOException {
    Properties p = new Properties();
    if (Files.exists(file)) {
      try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(in);
      }
    }
    SecureRandom random = new SecureRandom();
    boolean changed = false;
    Map<String, String> out = new LinkedHashMap<>();
    for (Role r : Role.values()) {
      String pw = p.getProperty(r.id());
      if (pw == null) {
        StringBuilder sb = new StringBuilder(r.id()).append('-');
        String alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
        for (int i = 0; i < 10; i++) sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        pw = sb.toString();
        p.setProperty(r.id(), pw);
        changed = true;
      }
      out.put(r.id(), pw);
    }
    if (changed) {
      try (var w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        p.store(w, "lezflow demo portal logins");
      }
    }
    return out;
  }

  String url() {
    return server.url();
  }

  Map<String, String> logins() {
    return logins;
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      try {
        police.close();
      } finally {
        db.close();
      }
    }
  }
}
