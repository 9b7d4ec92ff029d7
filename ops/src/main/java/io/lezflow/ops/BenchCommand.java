package io.lezflow.ops;

import io.lezflow.embedded.EmbeddedKafka;
import io.lezflow.ops.bench.BenchOptions;
import io.lezflow.ops.bench.BenchResult;
import io.lezflow.ops.bench.IngestBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import io.lezflow.ops.bench.BenchReport;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lezflow bench}: the whole system end to end at stepped rates, with the baselines of its
 * stages measured in the same run ({@link EndToEndBenchmark}); {@code bench ingest} and {@code
 * bench job} measure one stage each.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"End-to-end benchmark at stepped open-loop rates, with same-run baselines (raw Mosquitto, raw Kafka,",
        "a pass-through Flink job); writes report.md, report.json and latency.svg under --results/<timestamp>/."},
    subcommands = {BenchCommand.Ingest.class, BenchCommand.Job.class})
public final class BenchCommand implements Callable<Integer> {
  @Option(names = "--rates", split = ",", defaultValue = "2000,5000,10000,15000,20000,25000",
      description = "Steps, reads/s, open loop. Default: ${DEFAULT-VALUE}.")
  List<Double> rates;

  @Option(names = "--warmup", defaultValue = "10s", description = "Warm-up per step (not measured). Default: ${DEFAULT-VALUE}.")
  Duration warmup;

  @Option(names = "--step", defaultValue = "30s", description = "Measured window per step. Default: ${DEFAULT-VALUE}.")
  Duration step;

  @Option(names = "--cameras", defaultValue = "2000", description = "Simulated cameras (each its own topic and sequence). Default: ${DEFAULT-VALUE}.")
  int cameras;

  @Option(names = "--connections", defaultValue = "8", description = "MQTT connections the cameras share. Default: ${DEFAULT-VALUE}.")
  int connections;

  @Option(names = "--qos", defaultValue = "1", description = "MQTT QoS of the reads (0 or 1). Default: ${DEFAULT-VALUE}.")
  int qos;

  @Option(names = "--partitions", defaultValue = "12", description = "Partitions of lez.plate-reads.v1. Default: ${DEFAULT-VALUE}.")
  int partitions;

  @Option(names = "--parallelism", defaultValue = "2", description = "Flink parallelism. Default: ${DEFAULT-VALUE}.")
  int parallelism;

  @Option(names = "--checkpoint-interval", defaultValue = "5s", description = "Flink checkpoint interval. Default: ${DEFAULT-VALUE}.")
  Duration checkpointInterval;

  @Option(names = "--max-in-flight", defaultValue = "1000",
      description = "Ingest batching: MQTT messages between arrival and acknowledgement (receive maximum; one outbox group commit takes what arrived). Default: ${DEFAULT-VALUE}.")
  int maxInFlight;

  @Option(names = "--vehicles", defaultValue = "50000", description = "Vehicle population. Default: ${DEFAULT-VALUE}.")
  int vehicles;

  @Option(names = "--seed", defaultValue = "42", description = "Traffic seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--day-length", defaultValue = "0s", description = "0s: constant rate per step; else rush hours of a day compressed into this. Default: ${DEFAULT-VALUE}.")
  Duration dayLength;

  @Option(names = "--baselines", defaultValue = "true", negatable = true, fallbackValue = "true",
      description = "Measure the baselines (raw Mosquitto, raw Kafka, pass-through job) after the stepped run. Default: ${DEFAULT-VALUE}.")
  boolean baselines;

  @Option(names = "--baseline-reads", defaultValue = "100000", description = "Reads per baseline leg. Default: ${DEFAULT-VALUE}.")
  int baselineReads;

  @Option(names = "--results", defaultValue = "bench-results", description = "Results folder; each run writes <timestamp>/ in it. Default: ${DEFAULT-VALUE}.")
  Path results;

  @Override
  public Integer call() throws Exception {
    EndToEndBenchmark.Options options = new EndToEndBenchmark.Options(rates, warmup, step, cameras, connections, qos, partitions,
        parallelism, checkpointInterval, maxInFlight, vehicles, seed, dayLength.toMillis() / 1000.0, baselines, baselineReads, results);
    Path out = results.toAbsolutePath().resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Path work = Files.createTempDirectory("lezflow-bench-e2e-");
    try {
      BenchReport report = EndToEndBenchmark.run(options, work, System.err);
      report.write(out);
      System.out.println(report.markdown());
      System.err.println("lezflow bench: report in " + out);
      return 0;
    } finally {
      DemoCommand.deleteRecursively(work);
    }
  }

  /**
   * {@code lezflow bench ingest}: gateway throughput (reads/s durable in Kafka) against a raw
   * Mosquitto publish->subscribe baseline with the same payloads, QoS and broker.
   */
  @Command(name = "ingest", mixinStandardHelpOptions = true,
      description = "Ingest gateway throughput vs. raw Mosquitto publish->subscribe, same payloads and QoS 1.")
  static final class Ingest implements Callable<Integer> {
    @Option(names = "--messages", defaultValue = "200000", description = "Reads per leg. Default: ${DEFAULT-VALUE}.")
    int messages;

    @Option(names = "--cameras", defaultValue = "16", description = "Publishing cameras. Default: ${DEFAULT-VALUE}.")
    int cameras;

    @Option(names = "--warmup", defaultValue = "20000", description = "Warm-up reads per leg. Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--kafka-bootstrap", description = "External Kafka with the lezflow topics. Default: embedded.")
    String kafkaBootstrap;

    @Override
    public Integer call() throws Exception {
      if (messages < 1) throw new BadSetting("bench ingest: --messages must be at least 1, got " + messages);
      if (cameras < 1 || cameras > 9_999) throw new BadSetting("bench ingest: --cameras must be 1..9999, got " + cameras);
      if (warmup < 0) throw new BadSetting("bench ingest: --warmup must not be negative, got " + warmup);
      if (kafkaBootstrap != null && !kafkaBootstrap.isBlank() && !kafkaBootstrap.trim().matches("[^\\s,:]+:\\d{1,5}(,[^\\s,:]+:\\d{1,5})*")) {
        throw new BadSetting("bench ingest: --kafka-bootstrap must be host:port[,host:port...], got '" + kafkaBootstrap + "'");
      }
      Path work = Files.createTempDirectory("lezflow-bench-");
      EmbeddedKafka kafka = null;
      try {
        String bootstrap = kafkaBootstrap;
        if (bootstrap == null || bootstrap.isBlank()) {
          kafka = EmbeddedKafka.start(work.resolve("kafka"));
          kafka.createLezTopics();
          bootstrap = kafka.bootstrapServers();
        }
        BenchResult result = IngestBenchmark.run(new BenchOptions(bootstrap, work, messages, cameras, warmup));
        System.out.println(result);
        return 0;
      } finally {
        if (kafka != null) kafka.close();
        DemoCommand.deleteRecursively(work);
      }
    }
  }

  /**
   * {@code lezflow bench job}: enforcement job throughput (reads decided and written to PostgreSQL
   * per second, from a backlog) against a consume-and-parse baseline on the same Flink runtime.
   */
  @Command(name = "job", mixinStandardHelpOptions = true,
      description = "Enforcement job throughput vs. a Kafka -> parse -> discard baseline, same reads, same Flink configuration.")
  static final class Job implements Callable<Integer> {
    @Option(names = "--reads", defaultValue = "300000", description = "Reads in the backlog. Default: ${DEFAULT-VALUE}.")
    int reads;

    @Option(names = "--vehicles", defaultValue = "50000", description = "Vehicle register size. Default: ${DEFAULT-VALUE}.")
    int vehicles;

    @Option(names = "--cameras", defaultValue = "330", description = "Cameras the reads come from. Default: ${DEFAULT-VALUE}.")
    int cameras;

    @Option(names = "--parallelism", defaultValue = "2", description = "Flink parallelism. Default: ${DEFAULT-VALUE}.")
    int parallelism;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the simulated traffic. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() throws Exception {
      if (reads < 1) throw new BadSetting("bench job: --reads must be at least 1, got " + reads);
      if (vehicles < 1) throw new BadSetting("bench job: --vehicles must be at least 1, got " + vehicles);
      if (cameras < 1 || cameras > 9_999) throw new BadSetting("bench job: --cameras must be 1..9999, got " + cameras);
      if (parallelism < 1 || parallelism > 256) throw new BadSetting("bench job: --parallelism must be 1..256, got " + parallelism);
      Path work = Files.createTempDirectory("lezflow-bench-job-");
      try (LocalStack stack = LocalStack.start(StackEndpoints.allEmbedded(), work.resolve("stack"), "public")) {
        JobBenchmark.Result result =
            JobBenchmark.run(stack, new JobBenchmark.Options(work, reads, vehicles, cameras, parallelism, seed));
        System.out.println(result);
        return result.sightings() == result.reads() ? 0 : 1;
      } finally {
        DemoCommand.deleteRecursively(work);
      }
    }
  }
}
