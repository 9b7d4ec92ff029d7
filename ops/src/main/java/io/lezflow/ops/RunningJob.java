package io.lezflow.ops;

import io.lezflow.jobs.EnforcementJob;
import io.lezflow.jobs.EnforcementJobConfig;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The enforcement job running on a Flink MiniCluster inside this JVM, cancelled on close. */
final class RunningJob implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RunningJob.class);

  private final JobClient client;
  private final LocalFlink local;

  private RunningJob(JobClient client, LocalFlink local) {
    this.client = client;
    this.local = local;
  }

  /** The MiniCluster's Flink Web UI. */
  String webUrl() {
    return local.webUrl();
  }

  /** The job's metrics (Flink's Prometheus reporter): {@code lez_*} counters, the decision latency. */
  String metricsUrl() {
    return local.metricsUrl();
  }

  static RunningJob start(LocalStack stack, Path checkpointDir, Clock clock) throws Exception {
    // Short enough that a Ctrl-C loses little replay work, long enough to cost nothing at demo rates.
    return start(stack, checkpointDir, clock, 2, Duration.ofSeconds(5));
  }

  /** With the benchmark's tunables: Flink parallelism and checkpoint interval. */
  static RunningJob start(LocalStack stack, Path checkpointDir, Clock clock, int parallelism, Duration checkpointInterval)
      throws Exception {
    EnforcementJobConfig config =
        new EnforcementJobConfig(
            stack.kafkaBootstrap(),
            stack.jdbcUrl(),
            stack.jdbcUser(),
            stack.jdbcPassword(),
            checkpointDir.toAbsolutePath().toString(),
            checkpointInterval,
            parallelism,
            sightingsKey(),
            EnforcementJobConfig.DEFAULT_CONSUMER_GROUP,
            false);
    // Free ports: no collision with another run on the same machine.
    LocalFlink local = LocalFlink.onPorts(0, 0);
    JobClient client = EnforcementJob.onKafka(config).start(EnforcementJob.localEnvironment(config, local.configuration()));
    log.info("enforcement job {} started", client.getJobID());
    return new RunningJob(client, local);
  }

  /**
   * The sightings HMAC secret: from LEZ_SIGHTINGS_HMAC_KEY when set (stable hashes across runs, as
   * production needs for police queries), otherwise random for this JVM: the same for every job
   * of the run (the hotlist job hashes with it too).
   */
  static String sightingsKey() {
    String fromEnv = System.getenv("LEZ_SIGHTINGS_HMAC_KEY");
    if (fromEnv != null && !fromEnv.isBlank()) return fromEnv;
    return RunKey.VALUE;
  }

  private static final class RunKey {
    static final String VALUE;

    static {
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      VALUE = HexFormat.of().formatHex(key);
    }
  }

  /** How long close waits for the cancelled job to end (its MiniCluster stops with it). */
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Cancels the job and waits until it has ended: the cancel call only acknowledges the request,
   * and a job still cancelling when the stack (Kafka, PostgreSQL) goes would keep its MiniCluster
   * and Kafka clients alive in this JVM, retrying a broker that is gone.
   */
  @Override
  public void close() {
    long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
    Exception cancelFailure = null;
    try {
      client.cancel().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (Exception e) {
      cancelFailure = e; // e.g. the job had ended already: what follows tells
    }
    try {
      client.getJobExecutionResult().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      log.warn("the enforcement job did not end within {} of its cancellation{}", STOP_TIMEOUT,
          cancelFailure == null ? "" : " (" + cancelFailure + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // Expected: the result of a cancelled job is its cancellation.
    }
  }
}
