package io.lezflow.ingest.fault;

import io.lezflow.ingest.IngestMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link IngestMain} as a child JVM (the test's own class path), configured by environment
 * variables like in production: started, killed with SIGKILL, stopped with SIGTERM, restarted
 * with the same id and outbox. Its output goes to a log file.
 */
final class IngestProcess implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  final String gatewayId;
  private final Map<String, String> env;
  private final Path log;
  private final int metricsPort;
  private Process process;
  private int starts;

  IngestProcess(String gatewayId, Map<String, String> env, Path log, int metricsPort) {
    this.gatewayId = gatewayId;
    this.env = new HashMap<>(env);
    this.env.put("LEZ_INGEST_ID", gatewayId);
    this.env.put("LEZ_INGEST_METRICS_PORT", String.valueOf(metricsPort));
    this.log = log;
    this.metricsPort = metricsPort;
  }

  synchronized void start() {
    if (process != null && process.isAlive()) throw new IllegalStateException(gatewayId + " is running");
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), IngestMain.class.getName());
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    try {
      Files.writeString(log, "==== start " + (++starts) + " of " + gatewayId + "\n", StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start ingest " + gatewayId, e);
    }
  }

  /** True once this start printed its "started" line. */
  boolean started() {
    String text = logText();
    int lastStart = text.lastIndexOf("==== start " + starts + " of ");
    return lastStart >= 0 && text.indexOf("lezflow ingest " + gatewayId + " started", lastStart) >= 0;
  }

  synchronized boolean alive() {
    return process != null && process.isAlive();
  }

  /** SIGKILL: no shutdown hook, no flush, nothing. */
  synchronized void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM and wait for the clean shutdown. */
  synchronized int terminate() throws InterruptedException {
    process.toHandle().destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    return process.exitValue();
  }

  /** HTTP GET on the process's probe server: status code and body ("" and -1 when it does not answer). */
  HttpResult get(String path) {
    try {
      HttpResponse<String> response = HTTP.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + path)).timeout(Duration.ofSeconds(3)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new HttpResult(response.statusCode(), response.body());
    } catch (IOException e) {
      return new HttpResult(-1, "");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new HttpResult(-1, "");
    }
  }

  /** A metric value from /metrics (first sample whose line starts with {@code name}), or -1. */
  double metric(String name) {
    HttpResult scrape = get("/metrics");
    return scrape.body().lines()
        .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst().orElse(-1);
  }

  String logText() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "";
    }
  }

  List<String> logLines(String containing) {
    return logText().lines().filter(l -> l.contains(containing)).toList();
  }

  @Override
  public synchronized void close() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  record HttpResult(int status, String body) {}
}
