package io.lezflow.ingest.handoff;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Whether Kafka answered recently: a cluster description every few seconds, on a thread of its
 * own, so that a readiness probe answers at once from the last result and never waits for Kafka.
 */
public final class KafkaReachability implements AutoCloseable {
  private static final Duration EVERY = Duration.ofSeconds(3);
  private final Admin admin;
  private final ScheduledExecutorService timer;
  private volatile boolean reachable;

  public KafkaReachability(String bootstrap, String clientId) {
    this.admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-probe",
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_500,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_500,
        AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000));
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, clientId + "-kafka-probe");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(this::check, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void check() {
    try {
      reachable = !admin.describeCluster(new DescribeClusterOptions().timeoutMs(2_500))
          .nodes().get(3, TimeUnit.SECONDS).isEmpty();
    } catch (Exception e) {
      if (e instanceof InterruptedException) Thread.currentThread().interrupt();
      reachable = false;
    }
  }

  public boolean reachable() {
    return reachable;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    admin.close(Duration.ofSeconds(2));
  }
}
