package io.lezflow.ingest.broker;

import io.lezflow.schemas.CameraIds;
import io.lezflow.schemas.MqttTopics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Generates a ready-to-run, locked-down Mosquitto configuration for a camera fleet: the broker
 * configuration and ACL rendered from the templates that {@code ops} ships (classpath {@code
 * /mosquitto/mosquitto.conf} and {@code /mosquitto/acl}), and a password file hashed by the real
 * {@code mosquitto_passwd}.
 *
 * <p>Invariants of what it writes: anonymous access is off; every camera has its own user (user
 * name = camera id) and may publish only under {@code <root>/cameras/<its id>/}; only the ingest
 * user may subscribe to the cameras' topics; the password file holds hashes only. Passwords are
 * derived from a fleet secret ({@link #password}), so a simulator that knows the secret knows every
 * camera's password without a file; {@code credentials.properties} (mode 600) lists them too.
 */
public final class MosquittoSecurity {
  private MosquittoSecurity() {}

  public static final String CONF_TEMPLATE = "/mosquitto/mosquitto.conf";
  public static final String ACL_TEMPLATE = "/mosquitto/acl";
  public static final String DEFAULT_INGEST_USER = "ingest";
  public static final String DEFAULT_FRIGATE_USER = "frigate";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z]+)}}");

  /**
   * The settings that differ between deployments.
   *
   * @param maxQueuedMessages per-client queue bound; see the template for why it is large
   * @param maxQueuedBytes same in bytes
   * @param maxInflightMessages outgoing QoS 1 messages in flight per client (0 = no limit)
   * @param runAsUser the user Mosquitto switches to when started as root
   */
  public record BrokerSettings(
      int port,
      String bindAddress,
      String topicRoot,
      String frigatePrefix,
      String frigateUser,
      long maxQueuedMessages,
      long maxQueuedBytes,
      int maxInflightMessages,
      String runAsUser) {
    public BrokerSettings {
      if (port < 1 || port > 65_535) throw new IllegalArgumentException("port must be 1..65535, got " + port);
      Objects.requireNonNull(bindAddress, "bindAddress");
      new MqttTopics(topicRoot); // validates the root
      Objects.requireNonNull(frigatePrefix, "frigatePrefix");
      requireUser(frigateUser, "frigateUser");
      if (maxQueuedMessages < 0 || maxQueuedBytes < 0 || maxInflightMessages < 0) {
        throw new IllegalArgumentException("queue and in-flight limits must be >= 0 (0 = no limit)");
      }
      Objects.requireNonNull(runAsUser, "runAsUser");
    }

    /** Production defaults on {@code port}: all interfaces, default topic root, no-loss queue sizes. */
    public static BrokerSettings defaults(int port) {
      return new BrokerSettings(port, "0.0.0.0", MqttTopics.DEFAULT_ROOT, "frigate", DEFAULT_FRIGATE_USER,
          10_000_000L, 4L * 1024 * 1024 * 1024, 1000, "mosquitto");
    }

    /** A broker for a test or a benchmark on this machine: loopback only, run as the current user. */
    public static BrokerSettings local(int port) {
      BrokerSettings d = defaults(port);
      return new BrokerSettings(port, "127.0.0.1", d.topicRoot(), d.frigatePrefix(), d.frigateUser(),
          d.maxQueuedMessages(), d.maxQueuedBytes(), d.maxInflightMessages(), System.getProperty("user.name"));
    }
  }

  /** What {@link #write} produced. */
  public record Generated(
      Path configFile, Path passwordFile, Path aclFile, Path dataDir, Path credentialsFile, Map<String, String> passwords,
      String ingestUser) {
    /** The password of a user (camera id, ingest or Frigate user). */
    public String password(String user) {
      String password = passwords.get(user);
      if (password == null) throw new IllegalArgumentException("no such user: " + user);
      return password;
    }
  }

  /** {@link #write(Path, Collection, String, BrokerSettings, byte[])} on port 1883 with a fresh random fleet secret. */
  public static Generated write(Path dir, Collection<String> cameraIds, String ingestUser) {
    return write(dir, cameraIds, ingestUser, BrokerSettings.defaults(1883), newFleetSecret());
  }

  /**
   * Writes {@code mosquitto.conf}, {@code acl}, {@code passwd} (hashed by {@code mosquitto_passwd
   * -U}), {@code credentials.properties} and the {@code data/} directory into {@code dir}.
   *
   * @throws IllegalStateException when {@code mosquitto_passwd} is missing or fails
   */
  public static Generated write(
      Path dir, Collection<String> cameraIds, String ingestUser, BrokerSettings settings, byte[] fleetSecret) {
    requireUser(ingestUser, "ingestUser");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(fleetSecret, "fleetSecret");
    for (String camera : cameraIds) {
      if (!CameraIds.isValid(camera)) throw new IllegalArgumentException("not a camera id: '" + camera + "'");
    }
    try {
      Files.createDirectories(dir);
      Path dataDir = Files.createDirectories(dir.resolve("data"));
      Map<String, String> passwords = new LinkedHashMap<>();
      for (String camera : cameraIds) passwords.put(camera, password(fleetSecret, camera));
      passwords.put(ingestUser, password(fleetSecret, ingestUser));
      passwords.put(settings.frigateUser(), password(fleetSecret, settings.frigateUser()));
      if (passwords.size() != cameraIds.size() + 2) {
        throw new IllegalArgumentException("camera ids, ingest user and Frigate user must all differ");
      }

      Map<String, String> values = Map.of(
          "port", String.valueOf(settings.port()),
          "bindAddress", settings.bindAddress(),
          "configDir", dir.toAbsolutePath().toString(),
          "dataDir", dataDir.toAbsolutePath().toString(),
          "runAsUser", settings.runAsUser(),
          "maxQueuedMessages", String.valueOf(settings.maxQueuedMessages()),
          "maxQueuedBytes", String.valueOf(settings.maxQueuedBytes()),
          "maxInflightMessages", String.valueOf(settings.maxInflightMessages()));
      Path config = dir.resolve("mosquitto.conf");
      Files.writeString(config, render(template(CONF_TEMPLATE), values));
      Path acl = dir.resolve("acl");
      Files.writeString(acl, render(template(ACL_TEMPLATE), Map.of(
          "root", settings.topicRoot(),
          "ingestUser", ingestUser,
          "frigateUser", settings.frigateUser(),
          "frigatePrefix", settings.frigatePrefix())));

      Path passwd = dir.resolve("passwd");
      StringBuilder plain = new StringBuilder();
      passwords.forEach((user, password) -> plain.append(user).append(':').append(password).append('\n'));
      writePrivate(passwd, plain.toString());
      runMosquittoPasswd(passwd);

      Path credentials = dir.resolve("credentials.properties");
      StringBuilder props = new StringBuilder("# user=password of the simulated fleet; real cameras get theirs provisioned\n");
      passwords.forEach((user, password) -> props.append(user).append('=').append(password).append('\n'));
      writePrivate(credentials, props.toString());
      return new Generated(config, passwd, acl, dataDir, credentials, Map.copyOf(passwords), ingestUser);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the Mosquitto configuration into " + dir, e);
    }
  }

  /** A camera's (or any user's) password: HMAC-SHA256 of the user name under the fleet secret, base64url. */
  public static String password(byte[] fleetSecret, String user) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(fleetSecret, "HmacSHA256"));
      byte[] digest = mac.doFinal(user.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 32);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java platform", e);
    }
  }

  public static byte[] newFleetSecret() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return secret;
  }

  /** Replaces every {@code {{name}}}; a placeholder without a value is an error, not left in. */
  static String render(String template, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) throw new IllegalArgumentException("template placeholder {{" + m.group(1) + "}} has no value");
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  static String template(String resource) {
    try (InputStream in = MosquittoSecurity.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Mosquitto template " + resource + " is not on the classpath (ops ships it in "
            + "src/main/resources" + resource + ")");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  private static void runMosquittoPasswd(Path passwd) throws IOException {
    Path binary = MosquittoProcess.findBinary("mosquitto_passwd")
        .orElseThrow(() -> new IllegalStateException(
            "mosquitto_passwd not found (install Debian's 'mosquitto' package): it hashes the password file"));
    List<String> command = new ArrayList<>(List.of(binary.toString(), "-U", passwd.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("mosquitto_passwd -U did not finish within 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException("interrupted while hashing passwords", e);
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new IllegalStateException("mosquitto_passwd -U failed (exit " + process.exitValue() + "): " + output.trim());
    }
  }

  private static void writePrivate(Path file, String content) throws IOException {
    Files.deleteIfExists(file);
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    }
    Files.writeString(file, content);
  }

  private static void requireUser(String user, String what) {
    if (user == null || !CameraIds.isValid(user)) {
      throw new IllegalArgumentException(what + " must be 1-64 characters of [A-Za-z0-9_-], got '" + user + "'");
    }
  }
}
