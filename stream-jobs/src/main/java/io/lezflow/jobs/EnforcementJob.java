package io.lezflow.jobs;

import io.lezflow.jobs.EnforcementSettings.EventTimeMode;
import io.lezflow.jobs.EventTimes.CaptureTime;
import io.lezflow.jobs.EventTimes.KeyChange;
import io.lezflow.jobs.EventTimes.KeyRead;
import io.lezflow.jobs.EventTimes.MatchKey;
import io.lezflow.jobs.enforce.EnforcementFunction;
import io.lezflow.jobs.kafka.KafkaSinks;
import io.lezflow.jobs.kafka.PlateReadDeserializer;
import io.lezflow.jobs.kafka.ReferenceDeserializers;
import io.lezflow.jobs.postgres.JdbcTarget;
import io.lezflow.jobs.postgres.PostgresDecisionSink;
import io.lezflow.jobs.records.ControlChange;
import io.lezflow.jobs.records.DecisionRecord;
import io.lezflow.jobs.records.KeyedChange;
import io.lezflow.jobs.records.KeyedEvent;
import io.lezflow.jobs.records.ReadEvent;
import io.lezflow.jobs.records.Sighting;
import io.lezflow.jobs.records.ViolationRecord;
import io.lezflow.schemas.Topics;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
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
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The low-emission-zone enforcement: plate reads decided against the zone policies, vehicle
 * register, permits and camera registry, in event time ({@link EnforcementFunction}).
 *
 * <p>The topology is injectable: a {@link Builder} takes the five inputs ({@link EnforcementInput}:
 * a Kafka source, or a list of elements for replays and tests) and any sinks; {@link
 * #buildTopology} wires them on any environment and returns the output streams for callers that
 * attach their own sinks. {@link #onKafka} is the production wiring. Every operator has a name and
 * a stable uid ({@code pipeline.auto-generate-uids} is off to enforce it), so savepoints survive
 * code changes.
 *
 * <p>Running it: {@code EnforcementJob.onKafka(config).start(EnforcementJob.localEnvironment(config,
 * new Configuration()))} runs it on a MiniCluster in this JVM and returns the {@link JobClient} to
 * cancel it with; {@link EnforcementJobMain} submits it to a cluster; {@code
 * io.lezflow.jobs.replay.ReplayJob} runs it over files.
 *
 * <p>Reference data must be on its topics for reads to be decided: camera registrations on {@link
 * Topics#CAMERAS} (a read of an unknown camera is decided UNKNOWN_CAMERA) and zone policies on
 * {@link Topics#ZONE_POLICIES} ({@code io.lezflow.jobs.kafka.PolicyPublisher}).
 */
public final class EnforcementJob {
  public static final String JOB_NAME = "lezflow-enforcement";

  public static final String READS_SOURCE_UID = "plate-reads-source";
  public static final String VEHICLES_SOURCE_UID = "vehicle-register-source";
  public static final String PERMITS_SOURCE_UID = "permits-source";
  public static final String POLICIES_SOURCE_UID = "zone-policies-source";
  public static final String CAMERAS_SOURCE_UID = "camera-registry-source";
  public static final String HISTORY_SOURCE_UID = "vehicle-history-source";
  public static final String HISTORY_SINK_UID = "vehicle-history-sink";
  public static final String ENFORCEMENT_UID = "enforcement";
  public static final String SIGHTINGS_SINK_UID = "sightings-sink";
  /** The PostgreSQL violations sink. */
  public static final String VIOLATIONS_SINK_UID = "violations-sink";
  public static final String VIOLATIONS_KAFKA_SINK_UID = "violations-kafka-sink";
  public static final String DECISIONS_SINK_UID = "decisions-sink";
  public static final String LATE_READS_SINK_UID = "late-reads-sink";

  /** Fixed once: key groups of the state. Changing it makes existing savepoints unusable. */
  public static final int MAX_PARALLELISM = 480;

  private static final TypeInformation<ReadEvent> READ_TYPE = TypeInformation.of(ReadEvent.class);
  private static final TypeInformation<KeyedChange> KEYED_CHANGE_TYPE = TypeInformation.of(KeyedChange.class);
  private static final TypeInformation<ControlChange> CONTROL_CHANGE_TYPE = TypeInformation.of(ControlChange.class);
  private static final TypeInformation<KeyedEvent> KEYED_EVENT_TYPE = TypeInformation.of(KeyedEvent.class);
  private static final TypeInformation<DecisionRecord> DECISION_TYPE = TypeInformation.of(DecisionRecord.class);

  private final EnforcementSettings settings;
  private final EnforcementInput<ReadEvent> reads;
  private final EnforcementInput<KeyedChange> vehicles;
  private final EnforcementInput<KeyedChange> permits;
  private final EnforcementInput<ControlChange> policies;
  private final EnforcementInput<ControlChange> cameras;
  private final EnforcementInput<KeyedChange> history;
  private final Sink<Sighting> sightingsSink;
  private final Sink<KeyedChange> historySink;
  private final Map<String, Sink<ViolationRecord>> violationSinks;
  private final Sink<DecisionRecord> decisionsSink;
  private final Sink<ReadEvent> lateReadsSink;

  private EnforcementJob(Builder b) {
    this.settings = Objects.requireNonNull(b.settings, "settings");
    this.reads = Objects.requireNonNull(b.reads, "reads input");
    this.vehicles = Objects.requireNonNull(b.vehicles, "vehicles input (EnforcementInput.empty() for none)");
    this.permits = Objects.requireNonNull(b.permits, "permits input (EnforcementInput.empty() for none)");
    this.policies = Objects.requireNonNull(b.policies, "policies input");
    this.cameras = Objects.requireNonNull(b.cameras, "cameras input");
    this.history = b.history == null ? EnforcementInput.empty() : b.history;
    this.sightingsSink = b.sightingsSink;
    this.historySink = b.historySink;
    this.violationSinks = new LinkedHashMap<>(b.violationSinks);
    this.decisionsSink = b.decisionsSink;
    this.lateReadsSink = b.lateReadsSink;
  }

  public static Builder builder(EnforcementSettings settings) {
    return new Builder(settings);
  }

  /** The output streams of the topology, for callers that attach sinks of their own. */
  public record EnforcementStreams(
      DataStream<DecisionRecord> decisions,
      DataStream<Sighting> sightings,
      DataStream<ViolationRecord> violations,
      DataStream<ReadEvent> lateReads) {}

  /**
   * Production wiring: the five Kafka inputs of {@link #kafkaInputs}, sightings and violations
   * into PostgreSQL (idempotent), violations also to {@link Topics#VIOLATIONS} exactly once, late
   * reads to {@link Topics#DLQ}.
   */
  public static EnforcementJob onKafka(EnforcementJobConfig config) {
    return withProductionSinks(kafkaInputs(config, EnforcementSettings.defaults(config.sightingsHmacKey())), config).build();
  }

  /** Adds the production sinks of {@link #onKafka} to {@code builder}. */
  public static Builder withProductionSinks(Builder builder, EnforcementJobConfig config) {
    JdbcTarget database = new JdbcTarget(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword());
    return builder
        .sightingsSink(PostgresDecisionSink.sightings(database))
        .addViolationsSink(VIOLATIONS_SINK_UID, PostgresDecisionSink.violations(database))
        .addViolationsSink(VIOLATIONS_KAFKA_SINK_UID, KafkaSinks.violationsExactlyOnce(
            config.kafkaBootstrap(), Topics.VIOLATIONS, violationsTransactionalIdPrefix(config)))
        .lateReadsSink(KafkaSinks.lateReadsToDeadLetters(config.kafkaBootstrap(), Topics.DLQ))
        .historySink(KafkaSinks.historyExactlyOnce(config.kafkaBootstrap(), Topics.VEHICLE_HISTORY,
            "lez-history-" + config.consumerGroupId()));
  }

  /**
   * A builder with the Kafka inputs and no sinks. Reads start at the consumer group's committed
   * offsets (else the earliest); the four compacted reference topics always from the earliest, so
   * that a job started without a checkpoint rebuilds its reference state. When {@code
   * config.bounded()} every input stops at the latest offsets present at start.
   */
  public static Builder kafkaInputs(EnforcementJobConfig config, EnforcementSettings settings) {
    OffsetsInitializer committedElseEarliest = OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
    OffsetsInitializer earliest = OffsetsInitializer.earliest();
    return builder(settings)
        .reads(EnforcementInput.fromSource(kafkaSource(config, Topics.PLATE_READS, "lez-enforcement-reads",
            new PlateReadDeserializer(), committedElseEarliest)))
        .vehicles(EnforcementInput.fromSource(kafkaSource(config, Topics.VEHICLES, "lez-enforcement-vehicles",
            new ReferenceDeserializers.Vehicles(), earliest)))
        .permits(EnforcementInput.fromSource(kafkaSource(config, Topics.PERMITS, "lez-enforcement-permits",
            new ReferenceDeserializers.Permits(), earliest)))
        .policies(EnforcementInput.fromSource(kafkaSource(config, Topics.ZONE_POLICIES, "lez-enforcement-policies",
            new ReferenceDeserializers.Policies(), earliest)))
        .cameras(EnforcementInput.fromSource(kafkaSource(config, Topics.CAMERAS, "lez-enforcement-cameras",
            new ReferenceDeserializers.Cameras(), earliest)))
        .history(EnforcementInput.fromSource(kafkaSource(config, Topics.VEHICLE_HISTORY, "lez-enforcement-history",
            new ReferenceDeserializers.History(), earliest)));
  }

  /** Unique per deployment (consumer group), stable across its restarts. */
  public static String violationsTransactionalIdPrefix(EnforcementJobConfig config) {
    return "lez-violations-" + config.consumerGroupId();
  }

  private static <T> KafkaSource<T> kafkaSource(EnforcementJobConfig config, String topic, String clientIdPrefix,
      KafkaRecordDeserializationSchema<T> deserializer, OffsetsInitializer start) {
    KafkaSourceBuilder<T> builder = KafkaSource.<T>builder()
        .setBootstrapServers(config.kafkaBootstrap())
        .setTopics(topic)
        .setGroupId(config.consumerGroupId())
        .setClientIdPrefix(clientIdPrefix)
        .setStartingOffsets(start)
        .setDeserializer(deserializer)
        // Offsets are committed on checkpoints; the checkpoint, not the group, is the truth.
        .setProperty("commit.offsets.on.checkpoint", "true")
        // Transactional topics (history): never an entry of a transaction a failure aborted.
        .setProperty("isolation.level", "read_committed");
    if (config.bounded()) builder.setBounded(OffsetsInitializer.latest());
    return builder.build();
  }

  /** Wires inputs, enforcement and the configured sinks on {@code env}; returns the output streams. */
  public EnforcementStreams buildTopology(StreamExecutionEnvironment env) {
    DataStream<ReadEvent> readStream = reads.attach(env, readWatermarks(), READ_TYPE, "plate reads", READS_SOURCE_UID);
    DataStream<KeyedChange> vehicleStream =
        vehicles.attach(env, referenceWatermarks(), KEYED_CHANGE_TYPE, "vehicle register", VEHICLES_SOURCE_UID);
    DataStream<KeyedChange> permitStream =
        permits.attach(env, referenceWatermarks(), KEYED_CHANGE_TYPE, "permits", PERMITS_SOURCE_UID);
    DataStream<ControlChange> policyStream =
        policies.attach(env, referenceWatermarks(), CONTROL_CHANGE_TYPE, "zone policies", POLICIES_SOURCE_UID);
    DataStream<ControlChange> cameraStream =
        cameras.attach(env, referenceWatermarks(), CONTROL_CHANGE_TYPE, "camera registry", CAMERAS_SOURCE_UID);
    DataStream<KeyedChange> historyStream =
        history.attach(env, referenceWatermarks(), KEYED_CHANGE_TYPE, "vehicle history", HISTORY_SOURCE_UID);

    DataStream<KeyedEvent> keyed = readStream.map(new KeyRead(), KEYED_EVENT_TYPE).name("key reads by folded plate").uid("key-reads")
        .union(
            vehicleStream.map(new KeyChange(), KEYED_EVENT_TYPE).name("key register by folded plate").uid("key-vehicles"),
            permitStream.map(new KeyChange(), KEYED_EVENT_TYPE).name("key permits by folded plate").uid("key-permits"),
            historyStream.map(new KeyChange(), KEYED_EVENT_TYPE).name("key history by folded plate").uid("key-history"));
    BroadcastStream<ControlChange> control = policyStream.union(cameraStream)
        .broadcast(EnforcementFunction.policiesDescriptor(), EnforcementFunction.camerasDescriptor());

    SingleOutputStreamOperator<DecisionRecord> decisions = keyed
        .keyBy(new MatchKey())
        .connect(control)
        .process(new EnforcementFunction(settings), DECISION_TYPE)
        .name("enforce zone policies")
        .uid(ENFORCEMENT_UID);
    DataStream<Sighting> sightings = decisions.getSideOutput(EnforcementFunction.SIGHTINGS);
    DataStream<ViolationRecord> violations = decisions.getSideOutput(EnforcementFunction.VIOLATIONS);
    DataStream<ReadEvent> lateReads = decisions.getSideOutput(EnforcementFunction.LATE_READS);

    if (sightingsSink != null) sightings.sinkTo(sightingsSink).name("sightings sink").uid(SIGHTINGS_SINK_UID);
    DataStream<ViolationRecord> lifecycle = decisions.getSideOutput(EnforcementFunction.VIOLATION_LIFECYCLE);
    // The PostgreSQL store keeps a violation's whole life (candidate -> settled); every other sink
    // (the violations topic) gets settled fines and warnings only.
    violationSinks.forEach((uid, sink) ->
        (uid.equals(VIOLATIONS_SINK_UID) ? violations.union(lifecycle) : violations).sinkTo(sink).name(uid).uid(uid));
    if (decisionsSink != null) decisions.sinkTo(decisionsSink).name("decisions sink").uid(DECISIONS_SINK_UID);
    if (lateReadsSink != null) lateReads.sinkTo(lateReadsSink).name("late reads sink").uid(LATE_READS_SINK_UID);
    if (historySink != null) {
      decisions.getSideOutput(EnforcementFunction.HISTORY).sinkTo(historySink).name("vehicle history sink").uid(HISTORY_SINK_UID);
    }
    return new EnforcementStreams(decisions, sightings, violations, lateReads);
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

  /**
   * Stops the job after advancing event time to its end: every held read is decided and every
   * candidate finalised now, with the permits known now, before its grace window has closed. For
   * the end of a demo or a test, where there is no later traffic to move event time; never to pause
   * production (use {@code stopWithSavepoint(false, ...)}: candidates then wait in the savepoint).
   *
   * @return the savepoint path
   */
  public static CompletableFuture<String> drainAndStop(JobClient client, String savepointDirectory) {
    return client.stopWithSavepoint(true, savepointDirectory, SavepointFormatType.CANONICAL);
  }

  /**
   * Reads follow capture time, {@link EnforcementSettings#maxOutOfOrderness()} behind the newest
   * capture; a quiet partition (a camera group at night) goes idle after {@link
   * EnforcementSettings#readIdleness()} so it does not stall decisions. (No watermark alignment
   * across partitions: in Flink 2.2.1 a split paused for alignment can stay paused once idle,
   * FLINK-40093.) Replay: none until the reads end.
   */
  private WatermarkStrategy<ReadEvent> readWatermarks() {
    if (settings.eventTimeMode() == EventTimeMode.REPLAY) return WatermarkStrategy.noWatermarks();
    return WatermarkStrategy.<ReadEvent>forBoundedOutOfOrderness(settings.maxOutOfOrderness())
        .withTimestampAssigner(new CaptureTime())
        .withIdleness(settings.readIdleness());
  }

  /**
   * Reference data (register, permits, policies, cameras, history) only ever holds reads back, never moves
   * event time on: its inputs emit no watermark. While one is active at start (a compacted topic
   * being loaded) its channels sit at the initial watermark and hold every read; once it has been
   * quiet for {@link EnforcementSettings#referenceIdleness()} it is idle and ignored, and when a later
   * change wakes it up its channel is behind the others and Flink leaves it out of the minimum.
   * Why not each record's own time: a policy published today, or a register update dated now, would
   * otherwise push event time past reads still to come from a camera's offline buffer or a
   * backlog, and make them late. Replay: nothing until the input ends ({@link EventTimeMode#REPLAY}).
   */
  private <T> WatermarkStrategy<T> referenceWatermarks() {
    if (settings.eventTimeMode() == EventTimeMode.REPLAY) return WatermarkStrategy.noWatermarks();
    return WatermarkStrategy.<T>noWatermarks().withIdleness(settings.referenceIdleness());
  }

  /**
   * The Flink configuration of the job: RocksDB state with incremental checkpoints every {@code
   * checkpointInterval} into {@code checkpointDir}, retained when the job is cancelled or fails (a
   * restart resumes from the last one), exactly-once checkpoint mode, no Kryo fallback ({@code
   * pipeline.generic-types: false}), object reuse between chained operators, mandatory uids,
   * exponential-delay restarts. Callers may override entries (tests set the restart strategy to
   * {@code none}).
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
    // No operator of the job keeps or changes a record it is given (every one emits new objects;
    // the sinks only read what they buffer), so chained operators may hand over the same instance
    // instead of a serializer copy per record (enforcement -> sightings, violations, decisions).
    conf.set(PipelineOptions.OBJECT_REUSE, true);
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

  /** Assembles an {@link EnforcementJob}: five inputs (required), history (optional), any sinks (optional). */
  public static final class Builder {
    private final EnforcementSettings settings;
    private EnforcementInput<ReadEvent> reads;
    private EnforcementInput<KeyedChange> vehicles;
    private EnforcementInput<KeyedChange> permits;
    private EnforcementInput<ControlChange> policies;
    private EnforcementInput<ControlChange> cameras;
    private EnforcementInput<KeyedChange> history;
    private Sink<Sighting> sightingsSink;
    private Sink<KeyedChange> historySink;
    private final Map<String, Sink<ViolationRecord>> violationSinks = new LinkedHashMap<>();
    private Sink<DecisionRecord> decisionsSink;
    private Sink<ReadEvent> lateReadsSink;

    private Builder(EnforcementSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
    }

    public Builder reads(EnforcementInput<ReadEvent> input) {
      this.reads = input;
      return this;
    }

    public Builder vehicles(EnforcementInput<KeyedChange> input) {
      this.vehicles = input;
      return this;
    }

    public Builder permits(EnforcementInput<KeyedChange> input) {
      this.permits = input;
      return this;
    }

    public Builder policies(EnforcementInput<ControlChange> input) {
      this.policies = input;
      return this;
    }

    public Builder cameras(EnforcementInput<ControlChange> input) {
      this.cameras = input;
      return this;
    }

    /**
     * Vehicle history to load before deciding (fines, warnings, day passes of earlier runs): the
     * history topic, a replay's history file. Optional: none by default.
     */
    public Builder history(EnforcementInput<KeyedChange> input) {
      this.history = input;
      return this;
    }

    /** The job's own fines, warnings and day passes used, as history changes (the history topic). */
    public Builder historySink(Sink<KeyedChange> sink) {
      this.historySink = sink;
      return this;
    }

    /** Every decided read (no plate in clear). */
    public Builder sightingsSink(Sink<Sighting> sink) {
      this.sightingsSink = sink;
      return this;
    }

    /** A sink of violations, under a stable uid; several may be added (PostgreSQL and Kafka). */
    public Builder addViolationsSink(String uid, Sink<ViolationRecord> sink) {
      if (violationSinks.putIfAbsent(Objects.requireNonNull(uid, "uid"), Objects.requireNonNull(sink, "sink")) != null) {
        throw new IllegalArgumentException("a violations sink with uid " + uid + " is already added");
      }
      return this;
    }

    /** Every decision ({@link DecisionRecord}). */
    public Builder decisionsSink(Sink<DecisionRecord> sink) {
      this.decisionsSink = sink;
      return this;
    }

    /** Reads too far behind the watermark to be decided. */
    public Builder lateReadsSink(Sink<ReadEvent> sink) {
      this.lateReadsSink = sink;
      return this;
    }

    public EnforcementJob build() {
      return new EnforcementJob(this);
    }
  }
}
