package io.lezflow.ingest;

import io.lezflow.ingest.mqtt.IngestGateway;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one ingest gateway as its own process, configured from environment variables (see
 * {@link IngestConfig#fromEnvironment}) plus {@code LEZ_INGEST_METRICS_PORT}: the port of {@link
 * ProbeServer} ({@code /metrics}, {@code /health/live}, {@code /health/ready}; 0 = off, the
 * default). SIGTERM/SIGINT close it cleanly: in-flight reads are made durable and acknowledged,
 * the MQTT session is kept for the next start, what the outbox still holds stays there for it.
 * SIGKILL loses nothing acknowledged either (see {@link IngestGateway}). Exit code 2 = bad
 * configuration, 1 = could not start.
 */
public final class IngestMain {
  private static final Logger LOG = LoggerFactory.getLogger(IngestMain.class);
  public static final String ENV_METRICS_PORT = "LEZ_INGEST_METRICS_PORT";

  private IngestMain() {}

  public static void main(String[] args) throws InterruptedException {
    Map<String, String> env = System.getenv();
    IngestConfig config;
    int metricsPort;
    try {
      config = IngestConfig.fromEnvironment(env);
      metricsPort = metricsPort(env);
    } catch (IllegalArgumentException e) {
      System.err.println("lezflow ingest: bad configuration: " + e.getMessage());
      System.exit(2);
      return;
    }
    IngestGateway gateway = new IngestGateway(config, Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    ProbeServer[] server = new ProbeServer[1];
    ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ingest-stats");
      t.setDaemon(true);
      return t;
    });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      reporter.shutdownNow();
      gateway.close();
      if (server[0] != null) server[0].close();
      stopped.countDown();
    }, "ingest-shutdown"));
    try {
      gateway.start();
      if (metricsPort > 0) {
        server[0] = ProbeServer.start(gateway, metricsPort);
        LOG.info("Prometheus metrics on http://0.0.0.0:{}/metrics, probes on /health/live and /health/ready", server[0].port());
      }
    } catch (RuntimeException | IOException e) {
      System.err.println("lezflow ingest: could not start: " + e.getMessage());
      System.exit(1);
      return;
    }
    reporter.scheduleAtFixedRate(() -> LOG.info("received={} accepted={} rejected={} inFlight={} outbox={}",
        gateway.received(), gateway.accepted(), gateway.rejected(), gateway.inFlight(), gateway.metrics().outboxRecords()),
        10, 10, TimeUnit.SECONDS);
    System.out.println("lezflow ingest " + config.gatewayId() + " started: " + config);
    stopped.await();
  }

  static int metricsPort(Map<String, String> env) {
    String value = env.get(ENV_METRICS_PORT);
    if (value == null || value.isBlank()) return 0;
    try {
      int port = Integer.parseInt(value.trim());
      if (port < 0 || port > 65_535) throw new NumberFormatException("out of range");
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(ENV_METRICS_PORT + "='" + value + "' must be a port number 0..65535 (0 = off)");
    }
  }
}
