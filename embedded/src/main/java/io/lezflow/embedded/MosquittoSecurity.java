package io.lezflow.embedded;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Generates a ready-to-run, locked-down Mosquitto configuration for a camera fleet: the broker
 * configuration rendered from the template that {@code ops} ships (classpath {@code
 * /mosquitto/mosquitto.conf}) and the state file of Mosquitto's dynamic-security plugin (users,
 * hashed passwords, roles and ACLs), written here in Java.
 *
 * <p>Why the dynamic-security plugin and not {@code password_file} + {@code acl_file}: Mosquitto
 * 2.0's {@code acl_file} grants every SUBSCRIBE and only filters deliveries, so a camera could
 * join the ingest share group ({@code $share/ingest/...}) and the broker would then hand it, and
 * lose, a share of the reads. The plugin checks SUBSCRIBE against its {@code subscribe} default
 * (deny) and the roles.
 *
 * <p>Invariants of what it writes: anonymous access is off; every camera has its own user (user
 * name = camera id) and its own role, which may publish only under {@code <root>/cameras/<its
 * id>/}; cameras may neither subscribe to nor receive anything; only the ingest user may subscribe
 * to the cameras' topics, and only with the exact filters the gateway uses; the state file holds
 * PBKDF2-SHA512 hashes only. Passwords are derived from a fleet secret ({@link #password}), so a
 * simulator that knows the secret knows every camera's password without a file; {@code
 * credentials.properties} (mode 600) lists them too.
 */
public final class MosquittoSecurity {
  private MosquittoSecurity() {}

  public static final String CONF_TEMPLATE = "/mosquitto/mosquitto.conf";
  /** Name of the dynamic-security state file ({@code plugin_opt_config_file}) in the generated directory. */
  public static final String DYNAMIC_SECURITY_FILE = "dynamic-security.json";
  /** Where Debian/Ubuntu (amd64) install the plugin; {@link #findDynamicSecurityPlugin} looks elsewhere too. */
  public static final String DEBIAN_DYNAMIC_SECURITY_PLUGIN = "/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so";
  /** PBKDF2 iterations: the plugin's own default (it accepts any count >= 1 from the file). */
  static final int PBKDF2_ITERATIONS = 101;
  /** The plugin's salt is exactly 12 bytes (it refuses a file whose salt decodes to another length). */
  static final int SALT_BYTES = 12;
  /** The plugin stores a 64-byte PBKDF2-HMAC-SHA512 output. */
  static final int HASH_BYTES = 64;
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
   * @param dynamicSecurityPlugin path of {@code mosquitto_dynamic_security.so} on the broker's machine
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
      String runAsUser,
      String dynamicSecurityPlugin) {
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
      if (dynamicSecurityPlugin == null || dynamicSecurityPlugin.isBlank()) {
        throw new IllegalArgumentException("dynamicSecurityPlugin must name mosquitto_dynamic_security.so: without it "
            + "Mosquitto would not check who may SUBSCRIBE");
      }
    }

    /**
     * Production defaults on {@code port}: all interfaces, default topic root, no-loss queue sizes,
     * the plugin found by {@link #findDynamicSecurityPlugin()}.
     */
    public static BrokerSettings defaults(int port) {
      return new BrokerSettings(port, "0.0.0.0", MqttTopics.DEFAULT_ROOT, "frigate", DEFAULT_FRIGATE_USER,
          10_000_000L, 4L * 1024 * 1024 * 1024, 1000, "mosquitto", findDynamicSecurityPlugin());
    }

    /** A broker for a test or a benchmark on this machine: loopback only, run as the current user. */
    public static BrokerSettings local(int port) {
      BrokerSettings d = defaults(port);
      return new BrokerSettings(port, "127.0.0.1", d.topicRoot(), d.frigatePrefix(), d.frigateUser(),
          d.maxQueuedMessages(), d.maxQueuedBytes(), d.maxInflightMessages(), System.getProperty("user.name"),
          d.dynamicSecurityPlugin());
    }
  }

  /**
   * The plugin on this machine: {@code LEZ_MOSQUITTO_DYNSEC_PLUGIN} when set, else the first of the
   * usual install paths that exists, else {@link #DEBIAN_DYNAMIC_SECURITY_PLUGIN} (the configuration
   * may be rendered for another machine; Mosquitto then says at start if the path is wrong).
   */
  public static String findDynamicSecurityPlugin() {
    String configured = System.getenv("LEZ_MOSQUITTO_DYNSEC_PLUGIN");
    if (configured != null && !configured.isBlank()) return configured.trim();
    for (String candidate : List.of(DEBIAN_DYNAMIC_SECURITY_PLUGIN,
        "/usr/lib/aarch64-linux-gnu/mosquitto_dynamic_security.so",
        "/usr/lib/mosquitto_dynamic_security.so",
        "/usr/lib64/mosquitto_dynamic_security.so",
        "/usr/local/lib/mosquitto_dynamic_security.so",
        "/opt/homebrew/lib/mosquitto_dynamic_security.so")) {
      if (Files.isReadable(Path.of(candidate))) return candidate;
    }
    return DEBIAN_DYNAMIC_SECURITY_PLUGIN;
  }

  /**
   * What {@link #write} produced.
   *
   * @param dynamicSecurityFile the plugin's state file: users with hashed passwords, roles, ACLs
   */
  public record Generated(
      Path configFile, Path dynamicSecurityFile, Path dataDir, Path credentialsFile, Map<String, String> passwords,
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
   * Writes {@code mosquitto.conf}, {@code dynamic-security.json} (the plugin's state file, mode
   * 600), {@code credentials.properties} (mode 600) and the {@code data/} directory into {@code
   * dir}. The directory must stay writable by the broker: the plugin rewrites its state file there
   * whenever it is changed at run time ({@code mosquitto_ctrl}).
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

      Path dynsec = dir.resolve(DYNAMIC_SECURITY_FILE);
      Map<String, String> values = Map.of(
          "port", String.valueOf(settings.port()),
          "bindAddress", settings.bindAddress(),
          "dynamicSecurityPlugin", settings.dynamicSecurityPlugin(),
          "dynamicSecurityFile", dynsec.toAbsolutePath().toString(),
          "dataDir", dataDir.toAbsolutePath().toString(),
          "runAsUser", settings.runAsUser(),
          "maxQueuedMessages", String.valueOf(settings.maxQueuedMessages()),
          "maxQueuedBytes", String.valueOf(settings.maxQueuedBytes()),
          "maxInflightMessages", String.valueOf(settings.maxInflightMessages()));
      Path config = dir.resolve("mosquitto.conf");
      Files.writeString(config, render(template(CONF_TEMPLATE), values));

      ObjectNode state = dynamicSecurityState(cameraIds, ingestUser, settings, passwords);
      writePrivate(dynsec, JSON.writeValueAsString(state) + "\n");

      Path credentials = dir.resolve("credentials.properties");
      StringBuilder props = new StringBuilder("# user=password of the simulated fleet; real cameras get theirs provisioned\n");
      passwords.forEach((user, password) -> props.append(user).append('=').append(password).append('\n'));
      writePrivate(credentials, props.toString());
      return new Generated(config, dynsec, dataDir, credentials, Map.copyOf(passwords), ingestUser);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the Mosquitto configuration into " + dir, e);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Role names are a namespace of their own in the plugin; the prefix keeps them apart from user names anyway. */
  static String cameraRole(String cameraId) {
    return "lezflow-camera-" + cameraId;
  }

  static final String INGEST_ROLE = "lezflow-ingest";
  static final String FRIGATE_ROLE = "lezflow-frigate";

  /**
   * The plugin's state: deny by default (publish, receive and subscribe), then one role per camera
   * and one each for ingest and Frigate that grant exactly what they need.
   */
  static ObjectNode dynamicSecurityState(
      Collection<String> cameraIds, String ingestUser, BrokerSettings settings, Map<String, String> passwords) {
    MqttTopics topics = new MqttTopics(settings.topicRoot());
    String share = "$share/" + MqttTopics.INGEST_SHARE_GROUP + "/";
    String frigateEvents = settings.frigatePrefix() + "/events";
    String frigateUpdates = settings.frigatePrefix() + "/tracked_object_update";
    String ingestSubtree = topics.root() + "/ingest/#";

    ObjectNode state = JSON.createObjectNode();
    // Everything not granted by a role is refused. unsubscribe stays allowed: refusing it only
    // leaves a client stuck with a subscription it no longer wants.
    ObjectNode defaults = state.putObject("defaultACLAccess");
    defaults.put("publishClientSend", false);
    defaults.put("publishClientReceive", false);
    defaults.put("subscribe", false);
    defaults.put("unsubscribe", true);

    SecureRandom random = new SecureRandom();
    ArrayNode clients = state.putArray("clients");
    for (String camera : cameraIds) {
      addClient(clients, camera, cameraRole(camera), passwords.get(camera), random);
    }
    addClient(clients, ingestUser, INGEST_ROLE, passwords.get(ingestUser), random);
    addClient(clients, settings.frigateUser(), FRIGATE_ROLE, passwords.get(settings.frigateUser()), random);
    state.putArray("groups");

    ArrayNode roles = state.putArray("roles");
    // The 2.0 plugin has no %u/%c substitution in ACL topics (measured: a "%u" ACL matches
    // nothing), hence one role per camera, pinned to that camera's subtree. The camera id is
    // [A-Za-z0-9_-] only (validated above), so the topic holds no wildcard.
    for (String camera : cameraIds) {
      ArrayNode acls = role(roles, cameraRole(camera));
      acl(acls, "publishClientSend", topics.root() + "/cameras/" + camera + "/#");
    }

    ArrayNode ingest = role(roles, INGEST_ROLE);
    // subscribeLiteral: the filter must equal the SUBSCRIBE's filter byte for byte. The plugin
    // sees "$share/<group>/" as part of the filter, and subscribePattern does not match it
    // (measured), so each shared filter is listed as is. The $share forms are what IngestGateway
    // subscribes to; the plain forms are kept for a tool that reads as ingest without the group.
    for (String filter : List.of(topics.allReads(), topics.allStatus(), frigateEvents, frigateUpdates)) {
      acl(ingest, "subscribeLiteral", filter);
      acl(ingest, "subscribeLiteral", share + filter);
      acl(ingest, "publishClientReceive", filter);
    }
    // Gateway presence (retained online/offline, also each gateway's will): a gateway adopts the
    // session of a peer that went away, so every gateway publishes its own and reads the others'.
    acl(ingest, "subscribeLiteral", topics.root() + "/ingest/+/presence");
    acl(ingest, "publishClientSend", ingestSubtree);
    acl(ingest, "publishClientReceive", ingestSubtree);

    // Frigate publishes everything under its prefix and subscribes to its own command topics there.
    ArrayNode frigate = role(roles, FRIGATE_ROLE);
    String frigateSubtree = settings.frigatePrefix() + "/#";
    acl(frigate, "publishClientSend", frigateSubtree);
    acl(frigate, "publishClientReceive", frigateSubtree);
    acl(frigate, "subscribePattern", frigateSubtree);
    return state;
  }

  private static void addClient(ArrayNode clients, String user, String role, String password, SecureRandom random) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    ObjectNode client = clients.addObject();
    client.put("username", user);
    client.put("password", Base64.getEncoder().encodeToString(hashPassword(password, salt, PBKDF2_ITERATIONS)));
    client.put("salt", Base64.getEncoder().encodeToString(salt));
    client.put("iterations", PBKDF2_ITERATIONS);
    client.putArray("roles").addObject().put("rolename", role);
  }

  private static ArrayNode role(ArrayNode roles, String name) {
    ObjectNode role = roles.addObject();
    role.put("rolename", name);
    return role.putArray("acls");
  }

  private static void acl(ArrayNode acls, String type, String topic) {
    acls.addObject().put("acltype", type).put("topic", topic).put("priority", 0).put("allow", true);
  }

  /**
   * The plugin's password hash: PBKDF2-HMAC-SHA512 of the password's UTF-8 bytes, 64 bytes out
   * (what {@code mosquitto_dynamic_security.so} 2.0 computes at CONNECT and compares).
   */
  static byte[] hashPassword(String password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BYTES * 8);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA512 is part of every Java 17 platform", e);
    } finally {
      spec.clearPassword();
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
