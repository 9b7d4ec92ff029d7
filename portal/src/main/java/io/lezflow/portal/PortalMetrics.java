package io.lezflow.portal;

import io.javalin.http.Context;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * The portal's Prometheus metrics, served at {@code /metrics} of the portal's own port: requests
 * and their duration per route template (never the path itself: it holds violation ids and, for
 * a search, a plate), and the JVM's. Each portal keeps its own registry (tests and the demo run
 * several components in one JVM); the JVM metrics are registered once per process.
 */
public final class PortalMetrics {
  private static final PrometheusRegistry JVM = new PrometheusRegistry();

  static {
    JvmMetrics.builder().register(JVM);
  }

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter requests = Counter.builder()
      .name("lez_portal_http_requests_total")
      .help("HTTP requests answered by the portal, by method, route template and status code")
      .labelNames("method", "route", "status")
      .register(registry);
  private final Histogram duration = Histogram.builder()
      .name("lez_portal_http_request_duration_seconds")
      .help("Time to answer a portal request, by route template")
      .labelNames("route")
      .classicOnly()
      .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
      .register(registry);

  /** The registry of this portal's own metrics (without the JVM's), e.g. for a process-wide endpoint. */
  public PrometheusRegistry registry() {
    return registry;
  }

  /** Called once per answered request (Javalin's request logger). */
  void record(Context ctx, float executionMs) {
    String route = route(ctx);
    requests.labelValues(method(ctx.req().getMethod()), route, Integer.toString(ctx.statusCode())).inc();
    duration.labelValues(route).observe(executionMs / 1000.0);
  }

  /** The standard methods by name; anything else a client invents is "other" (a label must stay bounded). */
  static String method(String m) {
    return switch (m) {
      case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS" -> m;
      default -> "other";
    };
  }

  /** The route template; static assets and unmatched paths fold into one label each, so the label set stays bounded. */
  static String route(Context ctx) {
    String path = ctx.path();
    if (path.startsWith("/static/") || path.startsWith("/webjars/")) return "static";
    var endpoint = ctx.endpoint();
    if (endpoint == null || endpoint.path == null || endpoint.path.contains("*")) {
      return "unmatched";
    }
    return endpoint.path;
  }

  void scrape(Context ctx) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
    PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    writer.write(out, registry.scrape());
    writer.write(out, JVM.scrape());
    ctx.contentType(PrometheusTextFormatWriter.CONTENT_TYPE).result(out.toByteArray());
  }
}
