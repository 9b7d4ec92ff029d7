package io.lezflow.police.retention;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link SightingsRetention} now and then every {@code interval} on a daemon thread (the demo
 * and the portal process run it; hourly is plenty for day partitions). A failed run is logged and
 * retried at the next tick; it never stops the schedule.
 */
public final class RetentionSchedule implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionSchedule.class);
  public static final Duration DEFAULT_INTERVAL = Duration.ofHours(1);

  private final ScheduledExecutorService executor;

  private RetentionSchedule(ScheduledExecutorService executor) {
    this.executor = executor;
  }

  public static RetentionSchedule start(SightingsRetention retention, Duration interval) {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "lezflow-sightings-retention");
      t.setDaemon(true);
      return t;
    });
    executor.scheduleWithFixedDelay(() -> {
      try {
        retention.run();
      } catch (RuntimeException e) {
        LOG.warn("sightings retention run failed, retried in {}: {}", interval, e.getMessage());
      }
    }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return new RetentionSchedule(executor);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
