package io.lezflow.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;

/**
 * The Flink MiniCluster settings of a job run inside this JVM ({@code lezflow enforce}, the demo):
 * the Web UI / REST API on a loopback port and Flink's Prometheus reporter on another, so the
 * job's {@code lez_*} metrics and the Web UI answer as on a cluster.
 *
 * @param webPort the Web UI and REST port
 * @param metricsPort the Prometheus reporter's port ({@code /metrics})
 */
public record LocalFlink(int webPort, int metricsPort) {
  /** The reporter Flink's own distribution ships; {@code flink-metrics-prometheus} on the classpath. */
  static final String PROMETHEUS_FACTORY = "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";

  /** Ports given, 0 meaning any free one now. */
  public static LocalFlink onPorts(int webPort, int metricsPort) {
    int web = webPort == 0 ? freePort() : webPort;
    int metrics = metricsPort == 0 ? freePortOtherThan(web) : metricsPort;
    if (web == metrics) throw new BadSetting("--web-port and --metrics-port must differ, both are " + web);
    return new LocalFlink(web, metrics);
  }

  public String webUrl() {
    return "http://127.0.0.1:" + webPort + "/";
  }

  public String metricsUrl() {
    return "http://127.0.0.1:" + metricsPort + "/metrics";
  }

  /** Overrides for {@code EnforcementJob.localEnvironment}. */
  public Configuration configuration() {
    Configuration conf = new Configuration();
    conf.set(RestOptions.ADDRESS, "127.0.0.1");
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    conf.set(RestOptions.PORT, webPort);
    conf.set(RestOptions.BIND_PORT, Integer.toString(webPort));
    conf.set(ConfigOptions.key("metrics.reporter.prom.factory.class").stringType().noDefaultValue(), PROMETHEUS_FACTORY);
    conf.set(ConfigOptions.key("metrics.reporter.prom.port").stringType().noDefaultValue(), Integer.toString(metricsPort));
    return conf;
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback TCP port", e);
    }
  }

  private static int freePortOtherThan(int taken) {
    int port = freePort();
    while (port == taken) port = freePort();
    return port;
  }
}
