package io.lezflow.ops;

import io.lezflow.jobs.SmallLocalJobs;
import io.lezflow.jobs.health.CameraHealthJob;
import io.lezflow.jobs.hotlist.HotlistJob;
import io.lezflow.jobs.postgres.JdbcTarget;
import io.lezflow.police.Connections;
import io.lezflow.police.audit.AuditLog;
import io.lezflow.police.cameras.CameraDirectory;
import io.lezflow.police.hotlist.AlertNotifier;
import io.lezflow.police.retention.RetentionPolicy;
import io.lezflow.police.retention.RetentionSchedule;
import io.lezflow.police.retention.SightingsRetention;
import io.lezflow.schemas.CameraNetwork;
import io.lezflow.schemas.HumanDuration;
import io.lezflow.schemas.MqttTopics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The police side of the local stack, beside the enforcement job: the camera registry file loaded
 * into {@code cameras}, the camera-health and hotlist pipelines (one MiniCluster), the
 * alert notifier (alerts -> table, audit, MQTT {@code {root}/alerts/{zone}}) and the sightings
 * retention schedule. Started by {@code lezflow demo} ({@link DemoRun}); {@link #close} stops the
 * parts together within {@link #STOP_BUDGET}.
 *
 * <p>Settings from the environment: {@code LEZ_CAMERA_OFFLINE_AFTER} (default 30 s; the
 * simulator's heartbeat is 10 s), {@code LEZ_SIGHTINGS_RETENTION} (default P12M), {@code
 * LEZ_SIGHTINGS_RETENTION_PER_ZONE} ({@code zone=P6M,...}), {@code LEZ_SIGHTINGS_HMAC_PREVIOUS_KEYS}.
 */
final class PoliceSide implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PoliceSide.class);

  static final String JOB_NAME = "lezflow-camera-health-and-hotlists";

  /** How long {@link #close} waits for all parts together. */
  static final Duration STOP_BUDGET = Duration.ofSeconds(3);

  private final Deque<AutoCloseable> started = new ArrayDeque<>();

  private PoliceSide() {}

  static Duration offlineAfterFromEnvironment(Map<String, String> env) {
    String value = env.get("LEZ_CAMERA_OFFLINE_AFTER");
    if (value == null || value.isBlank()) return CameraHealthJob.DEFAULT_OFFLINE_AFTER;
    try {
      return HumanDuration.parse(value);
    } catch (RuntimeException e) {
      throw new BadSetting("LEZ_CAMERA_OFFLINE_AFTER must be a duration like 30s, was '" + value + "'");
    }
  }

  static RetentionPolicy retentionFromEnvironment(Map<String, String> env) {
    try {
      return RetentionPolicy.parse(env.get("LEZ_SIGHTINGS_RETENTION"), env.get("LEZ_SIGHTINGS_RETENTION_PER_ZONE"));
    } catch (IllegalArgumentException e) {
      throw new BadSetting(e.getMessage());
    }
  }

  static PoliceSide start(LocalStack stack, MqttTopics topics, String sightingsSecret, Duration offlineAfter, RetentionPolicy retention,
      Clock clock) throws Exception {
    PoliceSide side = new PoliceSide();
    try {
      Connections db = Connections.of(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword());
      new CameraDirectory(db).load(CameraNetwork.brussels());
      JdbcTarget database = new JdbcTarget(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword());
      // Both jobs in one Flink job on one MiniCluster: two small pipelines do not need two clusters' memory.
      StreamExecutionEnvironment env = SmallLocalJobs.environment(JOB_NAME);
      CameraHealthJob.onKafka(stack.kafkaBootstrap(), database, offlineAfter).buildTopology(env);
      HotlistJob.onKafka(stack.kafkaBootstrap(), sightingsSecret, System.getenv("LEZ_SIGHTINGS_HMAC_PREVIOUS_KEYS")).buildTopology(env);
      JobClient jobs = env.executeAsync(JOB_NAME);
      side.started.push(() -> cancel(jobs, "camera-health and hotlist"));
      side.started.push(new AlertNotifier(stack.kafkaBootstrap(), db, new AuditLog(db, clock), stack.mqttUrl(), topics.root()));
      side.started.push(RetentionSchedule.start(new SightingsRetention(db, retention, clock), RetentionSchedule.DEFAULT_INTERVAL));
      log.info("police side started: camera health (offline after {}), hotlists, alert notifier, sightings retention {}",
          offlineAfter, retention.retention());
      return side;
    } catch (Exception | Error e) {
      side.close();
      throw e;
    }
  }

  /**
   * Cancels the job and waits until it has ended (not only until the cancel is acknowledged): its
   * Kafka sources and JDBC sinks are closed before the stack stops Kafka and PostgreSQL, so they do
   * not log connection failures on the way out. Bounded by {@link #STOP_BUDGET} in {@link #close}.
   */
  private static void cancel(JobClient client, String name) throws Exception {
    client.cancel().get(STOP_BUDGET.toMillis(), TimeUnit.MILLISECONDS);
    try {
      client.getJobExecutionResult().get(STOP_BUDGET.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException cancelled) {
      // A cancelled job's result is a failure naming the cancellation: the expected end here.
      log.debug("the {} job ended: {}", name, cancelled.getCause() == null ? cancelled : cancelled.getCause().toString());
    }
  }

  /**
   * Stops every part at once and waits for them together, at most {@link #STOP_BUDGET}: a part
   * that blocks (the notifier's MQTT publish when the broker went away first, a cancel on a loaded
   * machine) must not hold up the rest of the demo's shutdown, which Ctrl-C gives 9 s in all
   * (DemoCommand). Parts still stopping after the budget end with the process.
   */
  @Override
  public void close() {
    List<Thread> stopping = new ArrayList<>();
    while (!started.isEmpty()) {
      AutoCloseable part = started.pop();
      Thread t = new Thread(() -> {
        try {
          part.close();
        } catch (Exception e) {
          log.warn("stopping the police side: {}", e.toString());
        }
      }, "lezflow-police-stop");
      t.setDaemon(true);
      t.start();
      stopping.add(t);
    }
    long deadline = System.nanoTime() + STOP_BUDGET.toNanos();
    try {
      for (Thread t : stopping) t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    long still = stopping.stream().filter(Thread::isAlive).count();
    if (still > 0) log.info("police side: {} part(s) still stopping after {} s; they end with the process", still, STOP_BUDGET.toSeconds());
  }
}
