package io.lezflow.ops;

import io.lezflow.schemas.MqttTopics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lezflow demo}: the whole system on this machine. Live progress on stderr, one JSON
 * verdict line on stdout. Exit code 0 when the verdict is consistent, 1 when it is not, 130
 * after Ctrl-C.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the whole system on this machine: simulated cameras -> MQTT -> ingest -> Kafka -> Flink -> PostgreSQL.",
      "Every service is embedded unless its flag or environment variable points at an external one."
    })
public final class DemoCommand implements Callable<Integer> {

  @Option(names = "--duration", description = "How long the cameras publish (e.g. 60s, 5m), then the verdict. Default: until Ctrl-C.")
  Duration duration;

  @Option(names = "--portal-host", defaultValue = "127.0.0.1", description = "Address of the operators' portal. Default: ${DEFAULT-VALUE}.")
  String portalHost;

  @Option(names = "--portal-port", defaultValue = "8080", description = "Port of the operators' portal (0: any free one). Default: ${DEFAULT-VALUE}.")
  int portalPort;

  @Option(names = "--no-portal", description = "Run without the operators' portal.")
  boolean noPortal;

  @Option(names = "--signing-key", description = "Ed25519 key (PEM PKCS#8) for evidence packages. Default: one kept in the data dir.")
  Path signingKey;

  @Option(names = "--backlog", defaultValue = "20s", description = {
      "How long the cameras first drive on a day 3 days ago, whose grace windows have closed, so the review queue fills",
      "during the demo (candidates of today are settled only after midnight tomorrow). 0s: live from the start. Default: ${DEFAULT-VALUE}."})
  Duration backlog;

  @Option(names = "--cameras", defaultValue = "330", description = "Number of simulated cameras. Default: ${DEFAULT-VALUE}.")
  int cameras;

  @Option(names = "--rate", defaultValue = "1000", description = {"Plate reads per second, all cameras together. Default: ${DEFAULT-VALUE}.", "Measure what this machine sustains with `lezflow bench ingest` and `lezflow bench job`."})
  double rate;

  @Option(names = "--vehicles", defaultValue = "50000", description = "Size of the simulated vehicle population. Default: ${DEFAULT-VALUE}.")
  int vehicles;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the simulation (same seed, same traffic). Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--mqtt-url", description = "External MQTT broker. Default: embedded HiveMQ.")
  String mqttUrl;

  @Option(names = "--kafka-bootstrap", description = "External Kafka. Default: embedded KRaft broker.")
  String kafkaBootstrap;

  @Option(names = "--jdbc-url", description = "External PostgreSQL. Default: embedded PostgreSQL.")
  String jdbcUrl;

  @Option(names = "--jdbc-user", defaultValue = "postgres", description = "PostgreSQL user. Default: ${DEFAULT-VALUE}.")
  String jdbcUser;

  @Option(names = "--jdbc-password", defaultValue = "", description = "PostgreSQL password; prefer the environment variable to a flag (flags show in ps).")
  String jdbcPassword;

  @Option(names = "--data-dir", description = {"Where embedded services keep their data; kept after the run.",
      "Default: a fresh folder for this run, deleted at the end (the demo is a throwaway run; services keep their state under their own --data-dir)."})
  Path dataDir;

  @Option(names = "--mqtt-topic-root", defaultValue = MqttTopics.DEFAULT_ROOT, description = "MQTT topic root. Default: ${DEFAULT-VALUE}.")
  String topicRoot;

  @Option(names = "--drain-timeout", defaultValue = "60s", description = "How long to wait at the end for the last reads to be decided. Default: ${DEFAULT-VALUE}.")
  Duration drainTimeout;

  @Option(names = "--metrics-port", defaultValue = "0", description = "Port of the demo's /metrics (ingest, cameras, JVM); 0: any free port, printed at start. Default: ${DEFAULT-VALUE}.")
  int metricsPort;

  @Override
  public Integer call() throws Exception {
    PrintStream err = System.err;
    StackEndpoints endpoints;
    try {
      endpoints = new StackEndpoints(nonBlank(mqttUrl), nonBlank(kafkaBootstrap), nonBlank(jdbcUrl), jdbcUser, jdbcPassword == null ? "" : jdbcPassword);
    } catch (IllegalArgumentException e) {
      throw new BadSetting(e.getMessage());
    }
    if (metricsPort < 0 || metricsPort > 65_535) throw new BadSetting("--metrics-port must be 0..65535 (0: any free port), got " + metricsPort);
    if (drainTimeout.isNegative()) throw new BadSetting("--drain-timeout must not be negative, got " + drainTimeout);
    if (dataDir != null && Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
      throw new BadSetting("--data-dir " + dataDir + " exists and is not a directory");
    }
    try {
      new MqttTopics(topicRoot);
      // Validate before anything starts: a wrong number must not cost a stack start-up.
      new DemoRun.Options(endpoints, Path.of("."), new MqttTopics(topicRoot), "public", cameras, rate, seed, vehicles, duration,
          Duration.ofSeconds(2), drainTimeout);
      io.lezflow.sim.SimulatorConfig.defaults("tcp://127.0.0.1:1883").withCameras(cameras).withReadsPerSecond(rate).withVehicles(vehicles);
    } catch (IllegalArgumentException e) {
      throw new BadSetting(CamerasCommand.flagNamed(e.getMessage()));
    }
    // The police side's settings (LEZ_CAMERA_OFFLINE_AFTER, LEZ_SIGHTINGS_RETENTION...): a BadSetting now, not after start-up.
    PoliceSide.offlineAfterFromEnvironment(System.getenv());
    PoliceSide.retentionFromEnvironment(System.getenv());
    boolean temporary = dataDir == null;
    Path dir = temporary ? Files.createTempDirectory("lezflow-demo-") : dataDir.toAbsolutePath();
    // An external database may hold earlier runs: each demo run gets its own schema there, so its verdict counts only its own rows.
    String schema = endpoints.jdbcUrl().isPresent()
        ? "demo_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"))
        : "public";
    if (backlog.isNegative()) throw new BadSetting("--backlog must not be negative, got " + backlog);
    if (portalPort < 0 || portalPort > 65535) throw new BadSetting("--portal-port must be 0..65535, got " + portalPort);
    // Without --duration the demo is a place to work: it runs until Ctrl-C (a century is "until Ctrl-C").
    Duration runFor = duration != null ? duration : Duration.ofDays(36_500);
    DemoRun.Options options =
        new DemoRun.Options(endpoints, dir, new MqttTopics(topicRoot), schema, cameras, rate, seed, vehicles, runFor,
            Duration.ofSeconds(2), drainTimeout);

    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch fastStop = new CountDownLatch(1);
    CountDownLatch finished = new CountDownLatch(1);
    Thread onCtrlC =
        new Thread(
            () -> {
              if (finished.getCount() == 0) return;
              err.println("lezflow demo: stopping (Ctrl-C)");
              fastStop.countDown();
              stop.countDown();
              try {
                // Shutdown hooks end the JVM when they return: give the run time to stop every component.
                finished.await(9, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "lezflow-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(onCtrlC);
    try {
      DemoRun run = new DemoRun(options, Clock.systemUTC(), metricsPort).withBacklog(backlog);
      if (!noPortal) run.withPortal(new DemoPortal.Settings(portalHost, portalPort, signingKey));
      DemoResult result = run.run(stop, fastStop, err).result();
      System.out.println(result.toJson());
      System.out.flush();
      if (fastStop.getCount() == 0) return 130;
      return result.consistent() ? 0 : 1;
    } finally {
      if (temporary) deleteRecursively(dir);
      finished.countDown();
    }
  }

  private static Optional<String> nonBlank(String s) {
    return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.trim());
  }

  static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort: a temp folder left behind is harmless
    }
  }
}
