package io.lezflow.ops.metrics;

import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One Prometheus {@code /metrics} port for a lezflow process: the JVM metrics plus the registries
 * of the components running in it (ingest gateway, camera fleet, ...). Each component keeps its
 * own registry, because several of them may share one JVM (the demo, tests); this endpoint writes
 * them one after the other, which is valid text format as long as their names differ (they do:
 * {@code lez_<component>_...}).
 */
public final class MetricsEndpoint implements AutoCloseable {
  /** The JVM metrics of this process, registered once (JvmMetrics keeps a registry at most once). */
  private static final PrometheusRegistry JVM = new PrometheusRegistry();

  static {
    JvmMetrics.builder().register(JVM);
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<PrometheusRegistry> registries;

  private MetricsEndpoint(HttpServer server, ExecutorService executor, List<PrometheusRegistry> registries) {
    this.server = server;
    this.executor = executor;
    this.registries = registries;
  }

  /** The registry holding this process's JVM metrics, for a server that serves registries itself. */
  public static PrometheusRegistry jvmRegistry() {
    return JVM;
  }

  /**
   * Serves {@code /metrics} on {@code port} (0 = a free port) of all interfaces.
   *
   * @throws IOException when the port is taken
   */
  public static MetricsEndpoint start(int port, List<PrometheusRegistry> components) throws IOException {
    List<PrometheusRegistry> all = new ArrayList<>();
    all.add(JVM);
    all.addAll(components);
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 16);
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "lez-metrics-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    MetricsEndpoint endpoint = new MetricsEndpoint(server, executor, List.copyOf(all));
    server.createContext("/metrics", exchange -> {
      byte[] body = endpoint.scrape();
      exchange.getResponseHeaders().set("Content-Type", PrometheusTextFormatWriter.CONTENT_TYPE);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    return endpoint;
  }

  byte[] scrape() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    for (PrometheusRegistry registry : registries) writer.write(out, registry.scrape());
    return out.toByteArray();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The URL to print: on 127.0.0.1, since the port listens on every interface. */
  public String url() {
    return "http://127.0.0.1:" + port() + "/metrics";
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
