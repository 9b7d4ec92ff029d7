package io.lezflow.ingest;

import io.lezflow.ingest.frigate.FrigateInput;
import io.lezflow.ingest.validation.ValidationLimits;
import io.lezflow.schemas.CameraIds;
import io.lezflow.schemas.HumanDuration;
import io.lezflow.schemas.MqttTopics;
import java.net.InetAddress;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Everything one ingest gateway needs, validated at construction with a message that names the
 * wrong setting and says why.
 *
 * @param mqttUrl broker URL, {@code tcp://host:port} (or ssl://, ws://, wss://)
 * @param topics MQTT topic scheme; the gateway subscribes to its shared reads and status filters
 * @param kafkaBootstrap Kafka {@code host:port[,host:port...]}
 * @param gatewayId stable id of this instance: MQTT client id (so its persistent session survives
 *     restarts), Kafka client id, and the {@code gateway_id} of dead letters
 * @param maxPayloadBytes larger payloads are rejected as OVERSIZED
 * @param knownCameras camera allow-list; empty accepts any valid camera id
 * @param maxCaptureAge older captures are rejected (CAPTURE_TOO_OLD)
 * @param maxClockSkew captures further in the future are rejected (CAPTURE_IN_FUTURE)
 * @param maxInFlight most messages received but not yet acknowledged to the broker; also sent to
 *     the broker as the MQTT receive maximum, so the broker stops sending instead of the gateway
 *     buffering (back-pressure, never a drop)
 * @param mqttUsername broker user (null: connect without credentials)
 * @param mqttPassword broker password (null: none); never printed
 * @param outboxDir this gateway's RocksDB outbox; one directory per gateway id, on a disk that
 *     survives the process (and the machine, in production)
 * @param outboxMaxRecords the outbox takes no more records beyond this: acknowledgements to MQTT
 *     stop until Kafka takes records out (back-pressure)
 * @param outboxMaxBytes same bound in encoded bytes
 * @param frigate Frigate NVR JSON input ({@link FrigateInput#DISABLED} when unused)
 * @param peers gateway ids of the other instances of this shared-subscription group: when one of
 *     them goes away (its presence turns offline), this gateway adopts its MQTT session, so that the
 *     messages the broker keeps queuing for it are consumed (see {@link IngestGateway})
 */
public record IngestConfig(
    String mqttUrl,
    MqttTopics topics,
    String kafkaBootstrap,
    String gatewayId,
    int maxPayloadBytes,
    Set<String> knownCameras,
    Duration maxCaptureAge,
    Duration maxClockSkew,
    int maxInFlight,
    String mqttUsername,
    String mqttPassword,
    Path outboxDir,
    long outboxMaxRecords,
    long outboxMaxBytes,
    FrigateInput frigate,
    Set<String> peers) {

  public static final int DEFAULT_MAX_IN_FLIGHT = 1000;
  /** MQTT 5 receive maximum is a two-byte integer. */
  public static final int MAX_IN_FLIGHT_LIMIT = 65_535;
  /**
   * Upper bound for maxPayloadBytes: an accepted payload travels as one Kafka record, and Kafka's
   * default max.request.size is 1 MiB.
   */
  public static final int MAX_PAYLOAD_LIMIT = 512 * 1024;
  /**
   * How long the broker keeps this gateway's session (and the unacknowledged reads in it) while
   * the gateway is away. Long, because a shorter expiry turns an outage into lost reads.
   */
  public static final Duration SESSION_EXPIRY = Duration.ofDays(1);
  /** About 80 s of the 25,000 reads/s target while Kafka is away. */
  public static final long DEFAULT_OUTBOX_MAX_RECORDS = 2_000_000;
  public static final long DEFAULT_OUTBOX_MAX_BYTES = 1L << 30;

  private static final Pattern MQTT_URL = Pattern.compile("(tcp|ssl|ws|wss)://[^\\s/:]+(:\\d{1,5})?(/\\S*)?");
  private static final Pattern BOOTSTRAP =
      Pattern.compile("[^\\s,:]+:\\d{1,5}(,[^\\s,:]+:\\d{1,5})*");

  public IngestConfig {
    require(mqttUrl != null && MQTT_URL.matcher(mqttUrl).matches(),
        "mqttUrl must look like tcp://host:port (or ssl://, ws://, wss://), got '" + mqttUrl + "'");
    require(topics != null, "topics must be set (MqttTopics.DEFAULT in production)");
    require(kafkaBootstrap != null && BOOTSTRAP.matcher(kafkaBootstrap).matches(),
        "kafkaBootstrap must be host:port[,host:port...], got '" + kafkaBootstrap + "'");
    // Same alphabet as camera ids: it is an MQTT client id and appears in dead letters.
    require(CameraIds.isValid(gatewayId),
        "gatewayId must be 1-64 characters of [A-Za-z0-9_-] (it is the MQTT client id), got '" + gatewayId + "'");
    require(maxPayloadBytes >= 1024 && maxPayloadBytes <= MAX_PAYLOAD_LIMIT,
        "maxPayloadBytes must be in [1024, " + MAX_PAYLOAD_LIMIT + "] (a plate read is a few hundred bytes;"
            + " an accepted payload must fit one Kafka record), got " + maxPayloadBytes);
    require(knownCameras != null, "knownCameras must be set (an empty set accepts any valid camera id)");
    for (String camera : knownCameras) {
      require(CameraIds.isValid(camera),
          "knownCameras contains '" + camera + "', which is not a camera id ([A-Za-z0-9_-]{1,64})");
    }
    knownCameras = Set.copyOf(knownCameras);
    require(maxCaptureAge != null && !maxCaptureAge.isNegative() && !maxCaptureAge.isZero(),
        "maxCaptureAge must be a positive duration, got " + maxCaptureAge);
    require(maxClockSkew != null && !maxClockSkew.isNegative(),
        "maxClockSkew must be zero or positive, got " + maxClockSkew);
    require(maxInFlight >= 1 && maxInFlight <= MAX_IN_FLIGHT_LIMIT,
        "maxInFlight must be in [1, " + MAX_IN_FLIGHT_LIMIT + "] (it is the MQTT receive maximum), got " + maxInFlight);
    require(mqttPassword == null || mqttUsername != null,
        "mqttPassword is set without mqttUsername (set both, or neither for a broker without authentication)");
    require(mqttUsername == null || !mqttUsername.isBlank(), "mqttUsername must not be blank when set");
    require(outboxDir != null, "outboxDir must be set: the outbox is where reads are durable before Kafka has them");
    require(outboxMaxRecords >= 1, "outboxMaxRecords must be positive, got " + outboxMaxRecords);
    require(outboxMaxBytes >= 64 * 1024,
        "outboxMaxBytes must be at least 65536 (a dead letter alone may be 256 KiB), got " + outboxMaxBytes);
    require(frigate != null, "frigate must be set (FrigateInput.DISABLED when unused)");
    require(peers != null, "peers must be set (an empty set for a single instance)");
    for (String peer : peers) {
      require(CameraIds.isValid(peer), "peers contains '" + peer + "', which is not a gateway id ([A-Za-z0-9_-]{1,64})");
    }
    peers = Set.copyOf(peers);
    require(!peers.contains(gatewayId), "peers must not contain this gateway's own id '" + gatewayId + "'");
  }

  /** The configuration before the outbox, credentials and Frigate existed: those take their defaults. */
  public IngestConfig(
      String mqttUrl, MqttTopics topics, String kafkaBootstrap, String gatewayId, int maxPayloadBytes,
      Set<String> knownCameras, Duration maxCaptureAge, Duration maxClockSkew, int maxInFlight) {
    this(mqttUrl, topics, kafkaBootstrap, gatewayId, maxPayloadBytes, knownCameras, maxCaptureAge, maxClockSkew,
        maxInFlight, null, null, defaultOutboxDir(gatewayId), DEFAULT_OUTBOX_MAX_RECORDS, DEFAULT_OUTBOX_MAX_BYTES,
        FrigateInput.DISABLED, Set.of());
  }

  /**
   * The data directory of a lezflow installation when none is configured: {@code ./lezflow-data}
   * in the working directory, never a temporary directory (the outbox holds reads already
   * acknowledged to cameras; a temp cleaner would lose them).
   */
  public static final Path DEFAULT_DATA_DIR = Path.of("lezflow-data");

  /** {@code <dataDir>/ingest/<gatewayId>/outbox}: one outbox per gateway id. */
  public static Path outboxDirUnder(Path dataDir, String gatewayId) {
    String id = CameraIds.isValid(gatewayId) ? gatewayId : "ingest";
    return dataDir.resolve("ingest").resolve(id).resolve("outbox");
  }

  /** {@link #outboxDirUnder} the {@link #DEFAULT_DATA_DIR}; production sets a directory on a persistent volume. */
  public static Path defaultOutboxDir(String gatewayId) {
    return outboxDirUnder(DEFAULT_DATA_DIR, gatewayId);
  }

  /** Production defaults: default topic root, 16 KiB, any camera, 7 days, 5 minutes, 1000 in flight. */
  public static IngestConfig defaults(String mqttUrl, String kafkaBootstrap) {
    return new IngestConfig(
        mqttUrl,
        MqttTopics.DEFAULT,
        kafkaBootstrap,
        defaultGatewayId(),
        ValidationLimits.DEFAULT_MAX_PAYLOAD_BYTES,
        Set.of(),
        ValidationLimits.DEFAULT_MAX_CAPTURE_AGE,
        ValidationLimits.DEFAULT_MAX_CLOCK_SKEW,
        DEFAULT_MAX_IN_FLIGHT);
  }

  /** Another gateway id; an outbox directory that was the default one follows the new id. */
  public IngestConfig withGatewayId(String id) {
    Path dir = outboxDir.equals(defaultOutboxDir(gatewayId)) ? defaultOutboxDir(id) : outboxDir;
    return new IngestConfig(mqttUrl, topics, kafkaBootstrap, id, maxPayloadBytes, knownCameras, maxCaptureAge, maxClockSkew, maxInFlight,
        mqttUsername, mqttPassword, dir, outboxMaxRecords, outboxMaxBytes, frigate, peers);
  }

  public IngestConfig withTopics(MqttTopics newTopics) {
    return new IngestConfig(mqttUrl, newTopics, kafkaBootstrap, gatewayId, maxPayloadBytes, knownCameras, maxCaptureAge, maxClockSkew, maxInFlight,
        mqttUsername, mqttPassword, outboxDir, outboxMaxRecords, outboxMaxBytes, frigate, peers);
  }

  public IngestConfig withKnownCameras(Set<String> cameras) {
    return new IngestConfig(mqttUrl, topics, kafkaBootstrap, gatewayId, maxPayloadBytes, cameras, maxCaptureAge, maxClockSkew, maxInFlight,
        mqttUsername, mqttPassword, outboxDir, outboxMaxRecords, outboxMaxBytes, frigate, peers);
  }

  public IngestConfig withMaxInFlight(int max) {
    return new IngestConfig(mqttUrl, topics, kafkaBootstrap, gatewayId, maxPayloadBytes, knownCameras, maxCaptureAge, maxClockSkew, max,
        mqttUsername, mqttPassword, outboxDir, outboxMaxRecords, outboxMaxBytes, frigate, peers);
  }

  public IngestConfig withMaxPayloadBytes(int max) {
    return new IngestConfig(mqttUrl, topics, kafkaBootstrap, gatewayId, max, knownCameras, maxCaptureAge, maxClockSkew, maxInFlight,
        mqttUsername, mqttPassword, outboxDir, outboxMaxRecords, outboxMaxBytes, frigate, peers);
  }

  public IngestConfig withCredentials(String username, String password) {
    return new IngestConfig(mqttUrl, topics, kafkaBootstrap, gatewayId, maxPayloadBytes, knownCameras, maxCaptureAge, maxClockSkew, maxInFlight,
        username, password, outboxDir, outboxMaxRecords, outboxMaxBytes, frigate, peers);
  }

  public IngestConfig withOutbox(Path dir, long maxRecords, long maxBytes) {
    return new IngestConfig(mqttUrl, topics, kafkaBootstrap, gatewayId, maxPayloadBytes, knownCameras, maxCaptureAge, maxClockSkew, maxInFlight,
        mqttUsername, mqttPassword, dir, maxRecords, maxBytes, frigate, peers);
  }

  public IngestConfig withOutboxDir(Path dir) {
    return withOutbox(dir, outboxMaxRecords, outboxMaxBytes);
  }

  public IngestConfig withPeers(Set<String> peerIds) {
    return new IngestConfig(mqttUrl, topics, kafkaBootstrap, gatewayId, maxPayloadBytes, knownCameras, maxCaptureAge, maxClockSkew, maxInFlight,
        mqttUsername, mqttPassword, outboxDir, outboxMaxRecords, outboxMaxBytes, frigate, peerIds);
  }

  public IngestConfig withFrigate(FrigateInput input) {
    return new IngestConfig(mqttUrl, topics, kafkaBootstrap, gatewayId, maxPayloadBytes, knownCameras, maxCaptureAge, maxClockSkew, maxInFlight,
        mqttUsername, mqttPassword, outboxDir, outboxMaxRecords, outboxMaxBytes, input, peers);
  }

  /** The validation part of this configuration. */
  public ValidationLimits validationLimits() {
    return new ValidationLimits(maxPayloadBytes, knownCameras, maxCaptureAge, maxClockSkew);
  }

  /** Environment variables read by {@link #fromEnvironment}; the first two are required. */
  public static final String ENV_MQTT_URL = "LEZ_MQTT_URL";
  public static final String ENV_KAFKA_BOOTSTRAP = "LEZ_KAFKA_BOOTSTRAP";
  public static final String ENV_GATEWAY_ID = "LEZ_INGEST_ID";
  public static final String ENV_TOPIC_ROOT = "LEZ_MQTT_TOPIC_ROOT";
  public static final String ENV_MAX_PAYLOAD_BYTES = "LEZ_INGEST_MAX_PAYLOAD_BYTES";
  public static final String ENV_KNOWN_CAMERAS = "LEZ_INGEST_KNOWN_CAMERAS";
  public static final String ENV_MAX_CAPTURE_AGE = "LEZ_INGEST_MAX_CAPTURE_AGE";
  public static final String ENV_MAX_CLOCK_SKEW = "LEZ_INGEST_MAX_CLOCK_SKEW";
  public static final String ENV_MAX_IN_FLIGHT = "LEZ_INGEST_MAX_IN_FLIGHT";
  public static final String ENV_MQTT_USERNAME = "LEZ_MQTT_USERNAME";
  public static final String ENV_MQTT_PASSWORD = "LEZ_MQTT_PASSWORD";
  public static final String ENV_OUTBOX_DIR = "LEZ_INGEST_OUTBOX_DIR";
  public static final String ENV_OUTBOX_MAX_RECORDS = "LEZ_INGEST_OUTBOX_MAX_RECORDS";
  public static final String ENV_OUTBOX_MAX_BYTES = "LEZ_INGEST_OUTBOX_MAX_BYTES";
  /** {@code frontDoor=bru-cam-0001,driveway=bru-cam-0002}; unset = no Frigate input. */
  public static final String ENV_FRIGATE_CAMERAS = "LEZ_INGEST_FRIGATE_CAMERAS";
  public static final String ENV_FRIGATE_TOPIC_PREFIX = "LEZ_INGEST_FRIGATE_TOPIC_PREFIX";
  public static final String ENV_FRIGATE_COUNTRY = "LEZ_INGEST_FRIGATE_COUNTRY";
  /** Comma-separated gateway ids of the other instances of the group. */
  public static final String ENV_PEERS = "LEZ_INGEST_PEERS";

  /**
   * Reads the configuration from environment variables (pass {@code System.getenv()}); unset
   * optional ones take the {@link #defaults} values. Durations as {@link HumanDuration} ({@code 7d},
   * {@code 5m}, or ISO-8601 {@code P7D}); the camera list is comma-separated.
   *
   * @throws IllegalArgumentException naming the variable that is missing or wrong
   */
  public static IngestConfig fromEnvironment(Map<String, String> env) {
    String mqttUrl = required(env, ENV_MQTT_URL, "e.g. tcp://127.0.0.1:1883");
    String bootstrap = required(env, ENV_KAFKA_BOOTSTRAP, "e.g. 127.0.0.1:9092");
    IngestConfig d = defaults(mqttUrl, bootstrap);
    try {
      String gatewayId = optional(env, ENV_GATEWAY_ID, Function.identity(), d.gatewayId());
      FrigateInput frigate;
      try {
        frigate = new FrigateInput(
            optional(env, ENV_FRIGATE_TOPIC_PREFIX, Function.identity(), FrigateInput.DEFAULT_TOPIC_PREFIX),
            optional(env, ENV_FRIGATE_CAMERAS, FrigateInput::parseCameraMap, Map.of()),
            optional(env, ENV_FRIGATE_COUNTRY, Function.identity(), FrigateInput.DEFAULT_COUNTRY));
      } catch (IllegalArgumentException e) {
        if (e.getMessage() != null && e.getMessage().startsWith("LEZ_")) throw e;
        throw new IllegalArgumentException("LEZ_INGEST_FRIGATE_CAMERAS/_TOPIC_PREFIX/_COUNTRY: " + e.getMessage(), e);
      }
      return new IngestConfig(
          mqttUrl,
          optional(env, ENV_TOPIC_ROOT, MqttTopics::new, d.topics()),
          bootstrap,
          gatewayId,
          optional(env, ENV_MAX_PAYLOAD_BYTES, Integer::parseInt, d.maxPayloadBytes()),
          optional(env, ENV_KNOWN_CAMERAS, IngestConfig::cameraList, d.knownCameras()),
          optional(env, ENV_MAX_CAPTURE_AGE, HumanDuration::parse, d.maxCaptureAge()),
          optional(env, ENV_MAX_CLOCK_SKEW, HumanDuration::parse, d.maxClockSkew()),
          optional(env, ENV_MAX_IN_FLIGHT, Integer::parseInt, d.maxInFlight()),
          optional(env, ENV_MQTT_USERNAME, Function.identity(), null),
          optional(env, ENV_MQTT_PASSWORD, Function.identity(), null),
          optional(env, ENV_OUTBOX_DIR, IngestConfig::path, defaultOutboxDir(gatewayId)),
          optional(env, ENV_OUTBOX_MAX_RECORDS, Long::parseLong, d.outboxMaxRecords()),
          optional(env, ENV_OUTBOX_MAX_BYTES, Long::parseLong, d.outboxMaxBytes()),
          frigate,
          optional(env, ENV_PEERS, IngestConfig::cameraList, Set.of()));
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("LEZ_")) throw e;
      throw new IllegalArgumentException("invalid ingest configuration from the environment: " + e.getMessage(), e);
    }
  }

  private static String required(Map<String, String> env, String name, String example) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is not set (" + example + ")");
    }
    return value.trim();
  }

  private static <T> T optional(Map<String, String> env, String name, Function<String, T> parse, T fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) return fallback;
    try {
      return parse.apply(value.trim());
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException(name + "='" + value + "' cannot be parsed: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + "='" + value + "' is invalid: " + e.getMessage(), e);
    }
  }

  private static Path path(String value) {
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("not a path: " + e.getMessage(), e);
    }
  }

  private static Set<String> cameraList(String value) {
    return Arrays.stream(value.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  /** Host-derived, so that a restarted instance on the same host resumes its MQTT session. */
  static String defaultGatewayId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = "";
    }
    String cleaned = host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-");
    String id = cleaned.isEmpty() ? "ingest-1" : "ingest-" + cleaned;
    return id.length() > 64 ? id.substring(0, 64) : id;
  }

  private static void require(boolean ok, String message) {
    if (!ok) throw new IllegalArgumentException(message);
  }

  @Override
  public String toString() {
    return "IngestConfig[mqttUrl=" + mqttUrl + ", topicRoot=" + topics.root() + ", kafkaBootstrap=" + kafkaBootstrap
        + ", gatewayId=" + gatewayId + ", maxPayloadBytes=" + maxPayloadBytes + ", knownCameras=" + knownCameras.size()
        + ", maxCaptureAge=" + maxCaptureAge + ", maxClockSkew=" + maxClockSkew + ", maxInFlight=" + maxInFlight
        + ", mqttUsername=" + mqttUsername + ", mqttPassword=" + (mqttPassword == null ? "none" : "****")
        + ", outboxDir=" + outboxDir + ", outboxMaxRecords=" + outboxMaxRecords + ", outboxMaxBytes=" + outboxMaxBytes
        + ", frigate=" + (frigate.enabled() ? frigate.topicPrefix() + " " + frigate.cameras().size() + " cameras " + frigate.country() : "off") + ", peers=" + peers + "]";
  }
}
