package io.lezflow.ingest;

import io.lezflow.ingest.mqtt.IngestGateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One plain HTTP port per ingest process: {@code /metrics} (Prometheus text format), {@code
 * /health/live} (200 while the gateway's threads run; restart the process on 503) and {@code
 * /health/ready} (200 while connected to the broker, Kafka reachable and the outbox below its
 * bound; take the instance out of rotation on 503). Probe bodies are one line saying why.
 */
public final class ProbeServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;

  private ProbeServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts serving on {@code port} (0 = any free port) on all interfaces. */
  public static ProbeServer start(IngestGateway gateway, int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 16);
    ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "ingest-probes");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/metrics", new MetricsHandler(gateway.metrics().registry()));
    server.createContext("/health/live", exchange -> {
      IngestGateway.Health health = gateway.health();
      respond(exchange, health.live() ? 200 : 503, health.describe());
    });
    server.createContext("/health/ready", exchange -> {
      IngestGateway.Health health = gateway.health();
      respond(exchange, health.ready() ? 200 : 503, health.describe());
    });
    server.start();
    return new ProbeServer(server, executor);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
