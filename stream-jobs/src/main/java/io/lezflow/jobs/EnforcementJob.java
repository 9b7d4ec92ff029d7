package io.lezflow.jobs;

import io.lezflow.jobs.EventTimes.CaptureTime;
import io.lezflow.jobs.EventTimes.ReadVehicleKey;
import io.lezflow.jobs.EventTimes.RegisterUpdateTime;
import io.lezflow.jobs.EventTimes.RegisterVehicleKey;
import io.lezflow.jobs.domain.ReadEvent;
import io.lezflow.jobs.domain.Sighting;
import io.lezflow.jobs.domain.VehicleFacts;
import io.lezflow.jobs.domain.ViolationRecord;
import io.lezflow.jobs.kafka.PlateReadDeserializer;
import io.lezflow.jobs.kafka.VehicleRecordDeserializer;
import io.lezflow.jobs.postgres.JdbcTarget;
import io.lezflow.jobs.postgres.PostgresDecisionSink;
import io.lezflow.schemas.Topics;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The low-emission-zone enforcement: plate reads joined with the vehicle register, keyed by
 * vehicle, decided by {@link EnforcementFunction}; every read becomes a sighting, violations
 * become candidate fines.
 *
 * <p>The topology is injectable: the constructor takes its sources and sinks, {@link
 * #buildTopology} wires them on any environment. {@link #onKafka} is the production wiring (Kafka
 * in, PostgreSQL out); tests pass their own. Every operator has a name and a stable uid, so
 * savepoints survive code changes ({@code pipeline.auto-generate-uids} is off to enforce it).
 *
 * <p>Running it: {@code EnforcementJob.onKafka(config).start(EnforcementJob.localEnvironment(config,
 * new Configuration()))} runs it on a MiniCluster in this JVM and returns the {@link JobClient} to
 * cancel it with; {@link EnforcementJobMain} submits it to a cluster.
 */
public final class EnforcementJob {
  public static final String JOB_NAME = "lezflow-enforcement";

  public static final String READS_SOURCE_UID = "plate-reads-source";
  public static final String VEHICLES_SOURCE_UID = "vehicle-register-source";
  public static final String ENFORCEMENT_UID = "enforcement";
  public static final String SIGHTINGS_SINK_UID = "sightings-sink";
  public static final String VIOLATIONS_SINK_UID = "violations-sink";

  /** Fixed once: key groups of the state. Changing it makes existing savepoints unusable. */
  public static final int MAX_PARALLELISM = 480;

  private final Source<ReadEvent, ?, ?> reads;
  private final Source<VehicleFacts, ?, ?> vehicles;
  private final Sink<Sighting> sightings;
  private final Sink<ViolationRecord> violations;
  private final EnforcementSettings settings;

  public EnforcementJob(
      Source<ReadEvent, ?, ?> reads,
      Source<VehicleFacts, ?, ?> vehicles,
      Sink<Sighting> sightings,
      Sink<ViolationRecord> violations,
      EnforcementSettings settings) {
    this.reads = Objects.requireNonNull(reads, "reads");
    this.vehicles = Objects.requireNonNull(vehicles, "vehicles");
    this.sightings = Objects.requireNonNull(sightings, "sightings");
    this.violations = Objects.requireNonNull(violations, "violations");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * Production wiring: reads from {@link Topics#PLATE_READS} and the register from {@link
   * Topics#VEHICLES} (committed offsets of the consumer group, else the earliest; bounded at the
   * latest offsets when {@code config.bounded()}), decisions into PostgreSQL; Brussels 2026 rule.
   */
  public static EnforcementJob onKafka(EnforcementJobConfig config) {
    JdbcTarget database = new JdbcTarget(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword());
    return new EnforcementJob(
        kafkaSource(config, Topics.PLATE_READS, "lez-enforcement-reads", new PlateReadDeserializer()),
        kafkaSource(config, Topics.VEHICLES, "lez-enforcement-vehicles", new VehicleRecordDeserializer()),
        PostgresDecisionSink.sightings(database),
        PostgresDecisionSink.violations(database),
        EnforcementSettings.brussels(config.sightingsHmacKey()));
  }

  private static <T> KafkaSource<T> kafkaSource(
      EnforcementJobConfig config,
      String topic,
      String clientIdPrefix,
      org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema<T> deserializer) {
    KafkaSourceBuilder<T> builder =
        KafkaSource.<T>builder()
            .setBootstrapServers(config.kafkaBootstrap())
            .setTopics(topic)
            .setGroupId(config.consumerGroupId())
            .setClientIdPrefix(clientIdPrefix)
            .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
            .setDeserializer(deserializer)
            // Offsets are committed on checkpoints; the checkpoint, not the group, is the truth.
            .setProperty("commit.offsets.on.checkpoint", "true");
    if (config.bounded()) builder.setBounded(OffsetsInitializer.latest());
    return builder.build();
  }

  /** Wires sources, enforcement and sinks on {@code env}. */
  public void buildTopology(StreamExecutionEnvironment env) {
    DataStream<ReadEvent> readStream =
        env.fromSource(reads, readWatermarks(), "plate reads", TypeInformation.of(ReadEvent.class))
            .uid(READS_SOURCE_UID);
    DataStream<VehicleFacts> registerStream =
        env.fromSource(vehicles, registerWatermarks(), "vehicle register", TypeInformation.of(VehicleFacts.class))
            .uid(VEHICLES_SOURCE_UID);

    SingleOutputStreamOperator<Sighting> decided =
        readStream
            .keyBy(new ReadVehicleKey())
            .connect(registerStream.keyBy(new RegisterVehicleKey()))
            .process(
                new EnforcementFunction(settings.rule(), settings.unknownVehicleHold(), settings.sightingsHmacKey()),
                TypeInformation.of(Sighting.class))
            .name("enforce " + settings.rule().ruleName())
            .uid(ENFORCEMENT_UID);

    decided.sinkTo(sightings).name("sightings sink").uid(SIGHTINGS_SINK_UID);
    decided.getSideOutput(EnforcementFunction.VIOLATIONS).sinkTo(violations).name("violations sink").uid(VIOLATIONS_SINK_UID);
  }

  /** Builds the topology on {@code env} and submits it without waiting: cancel through the client. */
  public JobClient start(StreamExecutionEnvironment env) throws Exception {
    buildTopology(env);
    return env.executeAsync(JOB_NAME);
  }

  /** Builds the topology on {@code env} and runs it until it ends (bounded input) or fails. */
  public JobExecutionResult run(StreamExecutionEnvironment env) throws Exception {
    buildTopology(env);
    return env.execute(JOB_NAME);
  }

  private WatermarkStrategy<ReadEvent> readWatermarks() {
    return WatermarkStrategy.<ReadEvent>forBoundedOutOfOrderness(settings.maxOutOfOrderness())
        .withTimestampAssigner(new CaptureTime())
        .withIdleness(settings.sourceIdleness());
  }

  /**
   * The register's watermark follows its update times. While it lags (the register is still
   * loading), it holds back the enforcement's watermark, so no read is decided as unknown before
   * the register has caught up; once loaded the register goes idle and stops holding.
   */
  private WatermarkStrategy<VehicleFacts> registerWatermarks() {
    return WatermarkStrategy.<VehicleFacts>forBoundedOutOfOrderness(Duration.ZERO)
        .withTimestampAssigner(new RegisterUpdateTime())
        .withIdleness(settings.sourceIdleness());
  }

  /**
   * The Flink configuration of the job: RocksDB state with incremental checkpoints every {@code
   * checkpointInterval} into {@code checkpointDir}, exactly-once checkpoint mode, no Kryo fallback
   * ({@code pipeline.generic-types: false}), mandatory uids, exponential-delay restarts. Callers
   * may override entries (tests set the restart strategy to {@code none}).
   */
  public static Configuration flinkConfiguration(EnforcementJobConfig config) {
    Configuration conf = new Configuration();
    conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
    conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
    conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, config.checkpointDir());
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.checkpointInterval());
    conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
    conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
    conf.set(PipelineOptions.MAX_PARALLELISM, MAX_PARALLELISM);
    conf.set(PipelineOptions.NAME, JOB_NAME);
    conf.set(CoreOptions.DEFAULT_PARALLELISM, config.parallelism());
    return conf;
  }

  /** The environment of the current context (a cluster when submitted with {@code flink run}). */
  public static StreamExecutionEnvironment environment(EnforcementJobConfig config) {
    return StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration(config));
  }

  /**
   * A MiniCluster in this JVM (the all-in-one local stack, tests): {@link #flinkConfiguration}
   * with {@code overrides} applied on top.
   */
  public static StreamExecutionEnvironment localEnvironment(EnforcementJobConfig config, Configuration overrides) {
    Configuration conf = flinkConfiguration(config);
    conf.addAll(overrides);
    return StreamExecutionEnvironment.createLocalEnvironment(config.parallelism(), conf);
  }
}
