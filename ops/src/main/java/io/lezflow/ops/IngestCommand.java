package io.lezflow.ops;

import io.lezflow.ingest.IngestConfig;
import io.lezflow.ingest.mqtt.IngestGateway;
import io.lezflow.ingest.ProbeServer;
import io.lezflow.ingest.frigate.FrigateInput;
import io.lezflow.ops.metrics.MetricsEndpoint;
import io.lezflow.schemas.MqttTopics;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lezflow ingest}: one MQTT -> Kafka gateway as a service. Runs until SIGTERM/SIGINT, which
 * close it cleanly (in-flight reads made durable and acknowledged, the MQTT session kept, what the
 * outbox still holds stays there for the next start). Metrics and probes on {@code --metrics-port}.
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Runs one ingest gateway: MQTT (shared subscription) -> validation -> RocksDB outbox -> Kafka.",
      "Prometheus metrics on /metrics, probes on /health/live and /health/ready of --metrics-port."
    })
public final class IngestCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(IngestCommand.class);

  @Option(names = "--mqtt-url", description = "MQTT broker, tcp://host:1883 or ssl://host:8883. Required.")
  String mqttUrl;

  @Option(names = "--kafka-bootstrap", description = "Kafka bootstrap servers, host:port[,host:port...]. Required.")
  String kafkaBootstrap;

  @Option(names = "--id", description = "Stable id of this instance (MQTT client id, so its session survives restarts). Default: ingest-<hostname>.")
  String id;

  @Option(names = "--peers", split = ",", description = "Ids of the other instances of the shared-subscription group (comma-separated); their sessions are adopted when they go away.")
  Set<String> peers = Set.of();

  @Option(names = "--mqtt-topic-root", defaultValue = MqttTopics.DEFAULT_ROOT, description = "MQTT topic root. Default: ${DEFAULT-VALUE}.")
  String topicRoot;

  @Option(names = "--mqtt-username", description = "Broker user (none: connect without credentials).")
  String mqttUsername;

  @Option(names = "--mqtt-password", description = "Broker password; prefer the environment variable to a flag (flags show in ps).")
  String mqttPassword;

  @Option(names = "--data-dir", defaultValue = "lezflow-data", description = "Data directory; the outbox is <data-dir>/ingest/<id>/outbox. Default: ./${DEFAULT-VALUE}.")
  Path dataDir;

  @Option(names = "--outbox-dir", description = "The outbox directory itself, on a disk that survives the process. Default: under --data-dir.")
  Path outboxDir;

  @Option(names = "--outbox-max-records", defaultValue = "" + IngestConfig.DEFAULT_OUTBOX_MAX_RECORDS, description = "Records the outbox takes before acknowledgements stop (back-pressure). Default: ${DEFAULT-VALUE}.")
  long outboxMaxRecords;

  @Option(names = "--outbox-max-bytes", defaultValue = "" + IngestConfig.DEFAULT_OUTBOX_MAX_BYTES, description = "Same bound in bytes. Default: ${DEFAULT-VALUE}.")
  long outboxMaxBytes;

  @Option(names = "--max-payload-bytes", defaultValue = "16384", description = "Larger payloads go to the dead-letter topic as OVERSIZED. Default: ${DEFAULT-VALUE}.")
  int maxPayloadBytes;

  @Option(names = "--known-cameras", split = ",", description = "Camera allow-list (comma-separated). Default: any valid camera id.")
  Set<String> knownCameras = Set.of();

  @Option(names = "--max-capture-age", defaultValue = "7d", description = "Older captures are rejected (CAPTURE_TOO_OLD). Default: ${DEFAULT-VALUE}.")
  Duration maxCaptureAge;

  @Option(names = "--max-clock-skew", defaultValue = "5m", description = "Captures further in the future are rejected (CAPTURE_IN_FUTURE). Default: ${DEFAULT-VALUE}.")
  Duration maxClockSkew;

  @Option(names = "--max-in-flight", defaultValue = "" + IngestConfig.DEFAULT_MAX_IN_FLIGHT, description = "Messages received and not yet acknowledged (the MQTT receive maximum). Default: ${DEFAULT-VALUE}.")
  int maxInFlight;

  @Option(names = "--frigate-cameras", description = "Frigate NVR input: frigateName=cameraId,... (unset: no Frigate input).")
  String frigateCameras;

  @Option(names = "--frigate-topic-prefix", defaultValue = FrigateInput.DEFAULT_TOPIC_PREFIX, description = "Frigate MQTT topic prefix. Default: ${DEFAULT-VALUE}.")
  String frigateTopicPrefix;

  @Option(names = "--frigate-country", defaultValue = FrigateInput.DEFAULT_COUNTRY, description = "Country of Frigate plates (ISO 3166 alpha-2). Default: ${DEFAULT-VALUE}.")
  String frigateCountry;

  @Option(names = "--metrics-port", defaultValue = "9401", description = "Port of /metrics, /health/live, /health/ready (0: any free port). Default: ${DEFAULT-VALUE}.")
  int metricsPort;

  @Option(names = "--connect-timeout", defaultValue = "30s", description = "How long to wait at start for the broker and Kafka before giving up. Default: ${DEFAULT-VALUE}.")
  Duration connectTimeout;

  /** Released by a shutdown hook (SIGTERM/SIGINT), or by a test running the command in-process. */
  final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile int boundPort = -1;

  /** The configuration these settings make; every mistake is a {@link BadSetting} naming the flag. */
  IngestConfig config() {
    if (mqttUrl == null || mqttUrl.isBlank()) throw new BadSetting("--mqtt-url (or LEZ_MQTT_URL) is not set: e.g. tcp://127.0.0.1:1883");
    if (kafkaBootstrap == null || kafkaBootstrap.isBlank()) throw new BadSetting("--kafka-bootstrap (or LEZ_KAFKA_BOOTSTRAP) is not set: e.g. 127.0.0.1:9092");
    if (metricsPort < 0 || metricsPort > 65_535) throw new BadSetting("--metrics-port must be 0..65535 (0: any free port), got " + metricsPort);
    if (connectTimeout.isNegative() || connectTimeout.isZero()) throw new BadSetting("--connect-timeout must be positive, got " + connectTimeout);
    try {
      IngestConfig c = IngestConfig.defaults(mqttUrl.trim(), kafkaBootstrap.trim());
      if (id != null) c = c.withGatewayId(id.trim());
      Path outbox = outboxDir != null ? outboxDir : IngestConfig.outboxDirUnder(dataDir, c.gatewayId());
      FrigateInput frigate = frigateCameras == null || frigateCameras.isBlank()
          ? new FrigateInput(frigateTopicPrefix, Map.of(), frigateCountry)
          : new FrigateInput(frigateTopicPrefix, FrigateInput.parseCameraMap(frigateCameras), frigateCountry);
      return new IngestConfig(c.mqttUrl(), new MqttTopics(topicRoot), c.kafkaBootstrap(), c.gatewayId(), maxPayloadBytes,
          trimmed(knownCameras), maxCaptureAge, maxClockSkew, maxInFlight, blankToNull(mqttUsername), blankToNull(mqttPassword),
          outbox.toAbsolutePath(), outboxMaxRecords, outboxMaxBytes, frigate, trimmed(peers));
    } catch (IllegalArgumentException e) {
      throw new BadSetting(flagNamed(e.getMessage()));
    }
  }

  @Override
  public Integer call() throws Exception {
    IngestConfig config = config();
    Reachability.awaitMqtt(config.mqttUrl(), connectTimeout);
    Reachability.awaitKafka(config.kafkaBootstrap(), connectTimeout);
    IngestGateway gateway = new IngestGateway(config, Clock.systemUTC());
    Thread hook = new Thread(() -> {
      stop.countDown();
      try {
        stopped.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "lezflow-ingest-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ingest-stats");
      t.setDaemon(true);
      return t;
    });
    ProbeServer probes = null;
    try {
      // JVM metrics next to the gateway's, on the same port.
      JvmMetrics.builder().register(gateway.metrics().registry());
      gateway.start();
      try {
        probes = ProbeServer.start(gateway, metricsPort);
      } catch (java.io.IOException e) {
        throw new BadSetting("--metrics-port " + metricsPort + " cannot be opened: " + e.getMessage());
      }
      boundPort = probes.port();
      System.err.println("lezflow ingest " + config.gatewayId() + ": consuming " + config.mqttUrl() + " -> Kafka "
          + config.kafkaBootstrap() + "; outbox " + config.outboxDir() + "; metrics http://127.0.0.1:" + boundPort + "/metrics");
      reporter.scheduleAtFixedRate(() -> log.info("received={} accepted={} rejected={} inFlight={} outbox={}",
          gateway.received(), gateway.accepted(), gateway.rejected(), gateway.inFlight(), gateway.metrics().outboxRecords()),
          60, 60, TimeUnit.SECONDS);
      stop.await();
      return 0;
    } finally {
      reporter.shutdownNow();
      gateway.close();
      if (probes != null) probes.close();
      stopped.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // the hook is running: it waits for `stopped`, released above
      }
    }
  }

  /** The port /metrics listens on once started (-1 before): for tests that pass --metrics-port 0. */
  int boundPort() {
    return boundPort;
  }

  private static Set<String> trimmed(Set<String> values) {
    return values.stream().map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** IngestConfig names its record components (maxInFlight); the user typed flags (--max-in-flight). */
  static String flagNamed(String message) {
    String m = message;
    for (String component : Arrays.asList("mqttUrl", "kafkaBootstrap", "gatewayId", "maxPayloadBytes", "knownCameras",
        "maxCaptureAge", "maxClockSkew", "maxInFlight", "mqttUsername", "mqttPassword", "outboxDir", "outboxMaxRecords",
        "outboxMaxBytes", "peers")) {
      String flag = switch (component) {
        case "gatewayId" -> "--id";
        default -> "--" + component.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
      };
      m = m.replaceAll("\\b" + component + "\\b", flag);
    }
    return m;
  }
}
