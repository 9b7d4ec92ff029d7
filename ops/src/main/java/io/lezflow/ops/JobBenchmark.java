package io.lezflow.ops;

import io.lezflow.sim.reference.CameraRegistry;
import io.lezflow.sim.reference.CameraRegistryPublisher;
import io.lezflow.sim.reference.PermitPublisher;
import io.lezflow.sim.reference.VehicleRegisterPublisher;
import io.lezflow.sim.traffic.PlateReads;
import io.lezflow.sim.traffic.TrafficModel;

import io.lezflow.jobs.EnforcementJob;
import io.lezflow.jobs.EnforcementJobConfig;
import io.lezflow.jobs.kafka.PlateReadDeserializer;
import io.lezflow.jobs.kafka.PolicyPublisher;
import io.lezflow.jobs.records.ReadEvent;
import io.lezflow.schemas.Topics;
import io.lezflow.schemas.VehicleKeys;
import io.lezflow.schemas.v1.PlateRead;
import io.lezflow.schemas.v1.VehicleRecord;
import io.lezflow.sim.SimulatorConfig;
import io.lezflow.sim.traffic.VehiclePopulation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code lezflow bench job}: how fast the enforcement job decides reads, against what the same
 * Flink runtime does with the same reads when it only consumes and parses them.
 *
 * <p>Both legs run on the same MiniCluster configuration (RocksDB, checkpoints, same parallelism)
 * over the same pre-loaded {@code lez.plate-reads.v1} backlog, bounded at the offsets present at
 * start, and are timed from submission to the end of the job. The baseline is Kafka -> parse ->
 * discard; the measured leg is the whole enforcement job: keyed state, register, policies, the
 * decision, sightings and violations written to PostgreSQL. The ratio says what the enforcement
 * itself costs on this machine; the absolute figure is what one machine can decide per second
 * from a backlog (catch-up speed), which bounds the live throughput from above.
 */
public final class JobBenchmark {

  /** What to measure. */
  public record Options(Path workDir, int reads, int vehicles, int cameras, int parallelism, long seed) {
    public Options {
      if (reads < 1_000) throw new IllegalArgumentException("--reads must be at least 1000, got " + reads);
      if (vehicles < 1) throw new IllegalArgumentException("--vehicles must be at least 1, got " + vehicles);
      if (cameras < 1) throw new IllegalArgumentException("--cameras must be at least 1, got " + cameras);
      if (parallelism < 1) throw new IllegalArgumentException("--parallelism must be at least 1, got " + parallelism);
    }
  }

  /** The figures of one run. */
  public record Result(long reads, double baselineSeconds, double passThroughSeconds, double jobSeconds, long sightings, long violations) {
    /** Kafka -> Kafka pass-through of the same reads, same runtime: what the job's own ends cost without the enforcement. */
    public double passThroughReadsPerSecond() {
      return reads / passThroughSeconds;
    }

    /** Enforcement throughput as a share of the pass-through job. */
    public double passThroughRatio() {
      return jobReadsPerSecond() / passThroughReadsPerSecond();
    }

    public double baselineReadsPerSecond() {
      return reads / baselineSeconds;
    }

    public double jobReadsPerSecond() {
      return reads / jobSeconds;
    }

    /** Enforcement throughput as a share of the consume-and-parse baseline. */
    public double ratio() {
      return jobReadsPerSecond() / baselineReadsPerSecond();
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT,
          "reads=%d%nbaseline (Kafka -> parse -> discard): %.1f s, %.0f reads/s%n"
              + "pass-through (Kafka -> Kafka, bytes): %.1f s, %.0f reads/s%n"
              + "enforcement job (decide -> PostgreSQL): %.1f s, %.0f reads/s, %d sightings, %d violation candidates%n"
              + "ratio job/baseline: %.2f%nratio job/pass-through: %.2f",
          reads, baselineSeconds, baselineReadsPerSecond(), passThroughSeconds, passThroughReadsPerSecond(), jobSeconds,
          jobReadsPerSecond(), sightings, violations, ratio(), passThroughRatio());
    }
  }

  private JobBenchmark() {}

  public static Result run(LocalStack stack, Options options) throws Exception {
    LocalDate today = LocalDate.now(VehiclePopulation.BRUSSELS);
    // The simulator's configuration names the cameras and the traffic; no camera connects to MQTT here.
    SimulatorConfig simulator = SimulatorConfig.defaults("tcp://127.0.0.1:1883")
        .withCameras(options.cameras())
        .withSeed(options.seed())
        .withVehicles(options.vehicles())
        .withZoneId(DemoRun.BRUSSELS_ZONE);
    List<VehicleRecord> population = VehiclePopulation.generate(options.seed(), options.vehicles(), today);
    PolicyPublisher.publishShipped(stack.kafkaBootstrap());
    CameraRegistryPublisher.publish(stack.kafkaBootstrap(), simulator);
    CameraTable.upsert(stack, CameraRegistry.of(simulator));
    VehicleRegisterPublisher.publish(stack.kafkaBootstrap(), population);
    PermitPublisher.publishForeignRegistrations(stack.kafkaBootstrap(), population, simulator.zoneId(), today);
    loadReads(stack.kafkaBootstrap(), simulator, population, options.reads());

    EnforcementJobConfig config = new EnforcementJobConfig(
        stack.kafkaBootstrap(), stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword(),
        options.workDir().resolve("checkpoints").toUri().toString(), Duration.ofSeconds(10), options.parallelism(),
        "bench-sightings-secret-0123456789", "lez-bench-" + System.nanoTime(), true);
    Configuration overrides = new Configuration();
    overrides.set(RestOptions.BIND_PORT, "0");

    double baselineSeconds = timed(() -> consumeAndDiscard(config, overrides));
    double passThroughSeconds = timed(() -> passThrough(config, overrides));
    double jobSeconds = timed(() -> EnforcementJob.onKafka(config).run(EnforcementJob.localEnvironment(config, overrides)));
    try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword())) {
      return new Result(options.reads(), baselineSeconds, passThroughSeconds, jobSeconds, count(c, "SELECT count(*) FROM sightings"),
          count(c, "SELECT count(*) FROM violations"));
    }
  }

  /**
   * The reads the simulated fleet would send, cameras taking turns, capture times spread evenly over
   * the hour before now (so that none is too old for the zone's rules nor in the future).
   */
  private static void loadReads(String bootstrap, SimulatorConfig simulator, List<VehicleRecord> population, int reads)
      throws Exception {
    List<TrafficModel> traffic = new ArrayList<>();
    for (int n = 1; n <= simulator.cameras(); n++) traffic.add(new TrafficModel(simulator.seed(), n, population.size()));
    long start = Instant.now().minus(Duration.ofHours(1)).toEpochMilli();
    double spacingMs = Duration.ofHours(1).toMillis() / (double) reads;
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 20,
        ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
        ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
      Future<RecordMetadata> last = null;
      for (int i = 0; i < reads; i++) {
        int camera = i % simulator.cameras();
        var passage = traffic.get(camera).next();
        VehicleRecord vehicle = population.get(passage.vehicleIndex());
        PlateRead read = PlateReads.capture(simulator.cameraId(camera + 1), i / simulator.cameras(),
            start + (long) (i * spacingMs), vehicle, passage);
        byte[] key = VehicleKeys.of(read.getPlateCountry(), read.getPlateText()).getBytes(StandardCharsets.UTF_8);
        last = producer.send(new ProducerRecord<>(Topics.PLATE_READS, key, read.toByteArray()));
      }
      producer.flush();
      if (last != null) last.get(60, TimeUnit.SECONDS);
    }
  }

  private static void consumeAndDiscard(EnforcementJobConfig config, Configuration overrides) throws Exception {
    StreamExecutionEnvironment env = EnforcementJob.localEnvironment(config, overrides);
    KafkaSource<ReadEvent> source = KafkaSource.<ReadEvent>builder()
        .setBootstrapServers(config.kafkaBootstrap())
        .setTopics(Topics.PLATE_READS)
        .setGroupId(config.consumerGroupId() + "-baseline")
        .setStartingOffsets(OffsetsInitializer.earliest())
        .setBounded(OffsetsInitializer.latest())
        .setDeserializer(new PlateReadDeserializer())
        .build();
    env.fromSource(source, WatermarkStrategy.noWatermarks(), "baseline-reads").uid("baseline-reads")
        .sinkTo(new DiscardingSink<>()).name("discard").uid("baseline-discard");
    env.execute("lezflow-bench-baseline");
  }

  /**
   * The pass-through job of issue 12: the same reads, Kafka -> Kafka as bytes (no parse, no state),
   * on the same runtime configuration; at-least-once into a topic of its own.
   */
  private static void passThrough(EnforcementJobConfig config, Configuration overrides) throws Exception {
    StreamExecutionEnvironment env = EnforcementJob.localEnvironment(config, overrides);
    KafkaSource<byte[]> source = KafkaSource.<byte[]>builder()
        .setBootstrapServers(config.kafkaBootstrap())
        .setTopics(Topics.PLATE_READS)
        .setGroupId(config.consumerGroupId() + "-pass-through")
        .setStartingOffsets(OffsetsInitializer.earliest())
        .setBounded(OffsetsInitializer.latest())
        .setDeserializer(KafkaRecordDeserializationSchema.valueOnly(ByteArrayDeserializer.class))
        .build();
    KafkaSink<byte[]> sink = KafkaSink.<byte[]>builder()
        .setBootstrapServers(config.kafkaBootstrap())
        .setRecordSerializer(KafkaRecordSerializationSchema.<byte[]>builder()
            .setTopic("lez.bench.pass-through")
            .setValueSerializationSchema(new BytesSchema())
            .build())
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .build();
    env.fromSource(source, WatermarkStrategy.noWatermarks(), "pass-through-reads").uid("pass-through-reads")
        .sinkTo(sink).name("pass-through-sink").uid("pass-through-sink");
    env.execute("lezflow-bench-pass-through");
  }

  /** Bytes as they are (a named class: a lambda fails Flink's type extraction). */
  static final class BytesSchema implements SerializationSchema<byte[]> {
    @Override
    public byte[] serialize(byte[] element) {
      return element;
    }
  }

  private interface Leg {
    void run() throws Exception;
  }

  private static double timed(Leg leg) throws Exception {
    long start = System.nanoTime();
    leg.run();
    return (System.nanoTime() - start) / 1e9;
  }

  private static long count(Connection c, String sql) throws Exception {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
