package io.lezflow.ops;

import io.lezflow.embedded.EmbeddedKafka;
import io.lezflow.ops.bench.BenchOptions;
import io.lezflow.ops.bench.BenchResult;
import io.lezflow.ops.bench.IngestBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lezflow bench}: measurements that compare against a baseline taken in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (figures with a same-run baseline).",
    subcommands = {BenchCommand.Ingest.class, BenchCommand.Job.class})
public final class BenchCommand implements Runnable {

  @Override
  public void run() {
    picocli.CommandLine.usage(this, System.err);
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
