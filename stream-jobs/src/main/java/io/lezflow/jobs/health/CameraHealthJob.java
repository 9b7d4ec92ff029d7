package io.lezflow.jobs.health;

import io.lezflow.jobs.SmallLocalJobs;
import io.lezflow.jobs.EnforcementInput;
import io.lezflow.jobs.postgres.JdbcTarget;
import io.lezflow.jobs.postgres.PostgresDecisionSink;
import io.lezflow.schemas.Topics;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The camera-health job, beside the enforcement job: heartbeats from {@link Topics#CAMERA_STATUS},
 * keyed by camera, into {@link CameraHealthFunction} (a camera silent for {@code offlineAfter} is
 * OFFLINE), out to {@code camera_health}, {@code camera_state_changes} and {@code
 * camera_reads_hourly} in JDBC batches. Injectable: tests give it elements and a collecting sink.
 *
 * <p>It starts from the latest heartbeats: health is about now, and every live camera reports
 * within its heartbeat interval (10 s for the simulator), so nothing is lost by not replaying
 * the past; set {@code offlineAfter} to a few heartbeat intervals.
 */
public final class CameraHealthJob {
  public static final String JOB_NAME = "lezflow-camera-health";
  public static final Duration DEFAULT_OFFLINE_AFTER = Duration.ofSeconds(30);
  private static final TypeInformation<Heartbeat> HEARTBEAT = TypeInformation.of(Heartbeat.class);
  private static final TypeInformation<CameraHealthUpdate> UPDATE = TypeInformation.of(CameraHealthUpdate.class);

  private final EnforcementInput<Heartbeat> heartbeats;
  private final Duration offlineAfter;
  private final Sink<CameraHealthUpdate> currentSink;
  private final Sink<CameraHealthUpdate> changesSink;
  private final Sink<CameraHealthUpdate> hourlySink;

  public CameraHealthJob(EnforcementInput<Heartbeat> heartbeats, Duration offlineAfter, Sink<CameraHealthUpdate> currentSink,
      Sink<CameraHealthUpdate> changesSink, Sink<CameraHealthUpdate> hourlySink) {
    this.heartbeats = Objects.requireNonNull(heartbeats);
    this.offlineAfter = Objects.requireNonNull(offlineAfter);
    this.currentSink = currentSink;
    this.changesSink = changesSink;
    this.hourlySink = hourlySink;
  }

  /** Production wiring: the heartbeats topic in, the three PostgreSQL tables out. */
  public static CameraHealthJob onKafka(String kafkaBootstrap, JdbcTarget database, Duration offlineAfter) {
    KafkaSource<Heartbeat> source = KafkaSource.<Heartbeat>builder()
        .setBootstrapServers(kafkaBootstrap)
        .setTopics(Topics.CAMERA_STATUS)
        .setGroupId("lezflow-camera-health")
        .setClientIdPrefix("lez-camera-health")
        .setStartingOffsets(OffsetsInitializer.latest())
        .setDeserializer(new HeartbeatDeserializer())
        .build();
    return new CameraHealthJob(EnforcementInput.fromSource(source), offlineAfter,
        sink(database, new CameraHealthRows.Current()), sink(database, new CameraHealthRows.StateChanges()),
        sink(database, new CameraHealthRows.ReadsHourly()));
  }

  private static PostgresDecisionSink<CameraHealthUpdate> sink(JdbcTarget database, io.lezflow.jobs.postgres.TableRows<CameraHealthUpdate> rows) {
    return new PostgresDecisionSink<>(database, rows, PostgresDecisionSink.DEFAULT_BATCH_SIZE, PostgresDecisionSink.DEFAULT_FLUSH_INTERVAL);
  }

  public DataStream<CameraHealthUpdate> buildTopology(StreamExecutionEnvironment env) {
    DataStream<Heartbeat> in = heartbeats.attach(env, WatermarkStrategy.noWatermarks(), HEARTBEAT, "camera heartbeats", "camera-status-source");
    SingleOutputStreamOperator<CameraHealthUpdate> updates = in
        .keyBy(h -> h.cameraId, TypeInformation.of(String.class))
        .process(new CameraHealthFunction(offlineAfter), UPDATE)
        .name("camera health (offline after " + offlineAfter.toSeconds() + " s of silence)")
        .uid("camera-health");
    if (currentSink != null) updates.sinkTo(currentSink).name("camera_health sink").uid("camera-health-sink");
    if (changesSink != null) {
      updates.filter(u -> u.changed).name("state changes only").uid("camera-state-changes-filter")
          .sinkTo(changesSink).name("camera_state_changes sink").uid("camera-state-changes-sink");
    }
    if (hourlySink != null) updates.sinkTo(hourlySink).name("camera_reads_hourly sink").uid("camera-reads-hourly-sink");
    return updates;
  }

  public JobClient start(StreamExecutionEnvironment env) throws Exception {
    buildTopology(env);
    return env.executeAsync(JOB_NAME);
  }

  /** A MiniCluster for the job in this JVM ({@link SmallLocalJobs}). */
  public static StreamExecutionEnvironment localEnvironment() {
    return SmallLocalJobs.environment(JOB_NAME);
  }
}
