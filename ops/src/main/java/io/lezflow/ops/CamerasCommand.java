package io.lezflow.ops;

import io.lezflow.ops.metrics.MetricsEndpoint;
import io.lezflow.ops.metrics.SimulatorMetrics;
import io.lezflow.schemas.MqttTopics;
import io.lezflow.sim.mqtt.CameraFleet;
import io.lezflow.sim.reference.CameraRegistryPublisher;
import io.lezflow.sim.reference.PermitPublisher;
import io.lezflow.sim.SimulatorConfig;
import io.lezflow.sim.traffic.VehiclePopulation;
import io.lezflow.sim.reference.VehicleRegisterPublisher;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lezflow cameras}: the simulated camera fleet as a load source for a real installation.
 * With {@code --kafka-bootstrap} it first publishes the reference data its traffic implies
 * (camera registry, vehicle register, foreign registrations), so the pipeline can decide every read.
 * Runs for {@code --duration}, or until SIGTERM/SIGINT when none is given.
 */
@Command(
    name = "cameras",
    mixinStandardHelpOptions = true,
    description = {
      "Runs simulated ANPR cameras against an MQTT broker (a load source; same traffic for the same --seed).",
      "Prometheus metrics (lez_sim_*) on /metrics of --metrics-port."
    })
public final class CamerasCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(CamerasCommand.class);

  @Option(names = "--mqtt-url", description = "MQTT broker, tcp://host:1883 or ssl://host:8883. Required.")
  String mqttUrl;

  @Option(names = "--mqtt-topic-root", defaultValue = MqttTopics.DEFAULT_ROOT, description = "MQTT topic root. Default: ${DEFAULT-VALUE}.")
  String topicRoot;

  @Option(names = "--kafka-bootstrap", description = "When set, publish the fleet's camera registry, vehicle register and foreign registrations to this Kafka first.")
  String kafkaBootstrap;

  @Option(names = "--cameras", defaultValue = "330", description = "Number of cameras. Default: ${DEFAULT-VALUE}.")
  int cameras;

  @Option(names = "--rate", defaultValue = "1000", description = "Plate reads per second, all cameras together. Default: ${DEFAULT-VALUE}.")
  double rate;

  @Option(names = "--vehicles", defaultValue = "50000", description = "Size of the simulated vehicle population. Default: ${DEFAULT-VALUE}.")
  int vehicles;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of population and traffic. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--zone", defaultValue = "brussels", description = "Zone id of the cameras (the zone policy the pipeline applies). Default: ${DEFAULT-VALUE}.")
  String zone;

  @Option(names = "--camera-prefix", defaultValue = "bru", description = "Prefix of the camera ids (<prefix>-cam-0001...). Default: ${DEFAULT-VALUE}.")
  String cameraPrefix;

  @Option(names = "--fleet-secret", description = "Derives each camera's MQTT password (broker with per-camera credentials); prefer the environment variable.")
  String fleetSecret;

  @Option(names = "--offline-buffer-reads", defaultValue = "" + SimulatorConfig.DEFAULT_OFFLINE_BUFFER_READS, description = "Reads each camera keeps while the broker is away. Default: ${DEFAULT-VALUE}.")
  int offlineBufferReads;

  @Option(names = "--first-sequence", defaultValue = "1", description = "Sequence of each camera's first read; start above the last run's against the same pipeline (read ids are deduplicated). Default: ${DEFAULT-VALUE}.")
  long firstSequence;

  @Option(names = "--duration", description = "How long to publish (e.g. 10m). Default: until stopped.")
  Duration duration;

  @Option(names = "--metrics-port", defaultValue = "9402", description = "Port of /metrics (0: any free port). Default: ${DEFAULT-VALUE}.")
  int metricsPort;

  @Option(names = "--connect-timeout", defaultValue = "30s", description = "How long to wait at start for the broker (and Kafka) before giving up. Default: ${DEFAULT-VALUE}.")
  Duration connectTimeout;

  /** Released by a shutdown hook (SIGTERM/SIGINT), or by a test running the command in-process. */
  final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile int boundPort = -1;

  SimulatorConfig config() {
    if (mqttUrl == null || mqttUrl.isBlank()) throw new BadSetting("--mqtt-url (or LEZ_MQTT_URL) is not set: e.g. tcp://127.0.0.1:1883");
    if (metricsPort < 0 || metricsPort > 65_535) throw new BadSetting("--metrics-port must be 0..65535 (0: any free port), got " + metricsPort);
    if (duration != null && (duration.isNegative() || duration.isZero())) throw new BadSetting("--duration must be positive, got " + duration);
    if (connectTimeout.isNegative() || connectTimeout.isZero()) throw new BadSetting("--connect-timeout must be positive, got " + connectTimeout);
    if (firstSequence < 1) throw new BadSetting("--first-sequence must be >= 1, got " + firstSequence);
    if (kafkaBootstrap != null && !kafkaBootstrap.isBlank() && !kafkaBootstrap.trim().matches("[^\\s,:]+:\\d{1,5}(,[^\\s,:]+:\\d{1,5})*")) {
      throw new BadSetting("--kafka-bootstrap must be host:port[,host:port...], got '" + kafkaBootstrap + "'");
    }
    try {
      return new SimulatorConfig(mqttUrl.trim(), new MqttTopics(topicRoot), cameras, rate, seed, vehicles, zone, cameraPrefix)
          .withFleetSecret(fleetSecret)
          .withOfflineBufferReads(offlineBufferReads);
    } catch (IllegalArgumentException e) {
      throw new BadSetting(flagNamed(e.getMessage()));
    }
  }

  @Override
  public Integer call() throws Exception {
    SimulatorConfig config = config();
    Reachability.awaitMqtt(config.mqttUrl(), connectTimeout);
    boolean publishReference = kafkaBootstrap != null && !kafkaBootstrap.isBlank();
    if (publishReference) Reachability.awaitKafka(kafkaBootstrap.trim(), connectTimeout);

    AtomicReference<CameraFleet> running = new AtomicReference<>();
    SimulatorMetrics metrics = new SimulatorMetrics(running::get, config.cameras());
    MetricsEndpoint endpoint;
    try {
      endpoint = MetricsEndpoint.start(metricsPort, List.of(metrics.registry()));
    } catch (IOException e) {
      throw new BadSetting("--metrics-port " + metricsPort + " cannot be opened: " + e.getMessage());
    }
    Thread hook = new Thread(() -> {
      stop.countDown();
      try {
        stopped.await(15, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "lezflow-cameras-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      boundPort = endpoint.port();
      Clock clock = Clock.systemUTC();
      LocalDate today = LocalDate.now(clock.withZone(VehiclePopulation.BRUSSELS));
      var population = VehiclePopulation.generate(config.seed(), config.vehicles(), today);
      if (publishReference) {
        String bootstrap = kafkaBootstrap.trim();
        CameraRegistryPublisher.publish(bootstrap, config);
        VehicleRegisterPublisher.publish(bootstrap, population);
        PermitPublisher.publishForeignRegistrations(bootstrap, population, config.zoneId(), today);
      }
      try (CameraFleet fleet = new CameraFleet(config, population, clock, firstSequence)) {
        running.set(fleet);
        fleet.start();
        System.err.printf("lezflow cameras: %d cameras publishing ~%.0f reads/s to %s for %s; metrics %s%n",
            config.cameras(), config.readsPerSecond(), config.mqttUrl(),
            duration == null ? "until stopped" : io.lezflow.schemas.HumanDuration.format(duration), endpoint.url());
        long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        while (!stop.await(Math.min(60_000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)), TimeUnit.MILLISECONDS)
            && System.nanoTime() < deadline) {
          log.info("published={} connected={} buffered={} throttled={}", fleet.published(), fleet.connectedCameras(),
              fleet.bufferedReads(), fleet.throttled());
        }
        fleet.stopPublishing();
        // Give the last reads a moment to be acknowledged; what is not stays in no buffer anyone waits for.
        fleet.awaitAcknowledged(Duration.ofSeconds(5));
        System.err.printf("lezflow cameras: stopped; %d reads published%n", fleet.published());
      }
      return 0;
    } finally {
      endpoint.close();
      stopped.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // the hook is running: it waits for `stopped`, released above
      }
    }
  }

  int boundPort() {
    return boundPort;
  }

  /** SimulatorConfig names its settings ('readsPerSecond'); the user typed flags (--rate). */
  static String flagNamed(String message) {
    return message
        .replace("'mqttUrl'", "--mqtt-url").replace("'topics'", "--mqtt-topic-root").replace("'cameras'", "--cameras")
        .replace("'readsPerSecond'", "--rate").replace("'vehicles'", "--vehicles").replace("'zoneId'", "--zone")
        .replace("'cameraPrefix'", "--camera-prefix").replace("'fleetSecret'", "--fleet-secret")
        .replace("'offlineBufferReads'", "--offline-buffer-reads")
        .replace("Invalid simulator setting ", "");
  }
}
