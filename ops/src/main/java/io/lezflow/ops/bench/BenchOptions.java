package io.lezflow.ops.bench;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@link IngestBenchmark} measures and where.
 *
 * @param kafkaBootstrap the Kafka the gateway forwards to (the benchmark creates no topics: the
 *     lezflow topics must exist)
 * @param workDir scratch directory for the benchmark's own Mosquitto and the gateway's outbox
 * @param messages plate reads published in each leg
 * @param cameras publishing connections, one camera id each (reads are spread over them)
 * @param warmupMessages published through each leg before measuring (JIT, connections)
 */
public record BenchOptions(String kafkaBootstrap, Path workDir, int messages, int cameras, int warmupMessages) {
  public BenchOptions {
    Objects.requireNonNull(kafkaBootstrap, "kafkaBootstrap");
    Objects.requireNonNull(workDir, "workDir");
    if (messages < 1) throw new IllegalArgumentException("messages must be positive, got " + messages);
    if (cameras < 1 || cameras > 10_000) throw new IllegalArgumentException("cameras must be in [1, 10000], got " + cameras);
    if (warmupMessages < 0) throw new IllegalArgumentException("warmupMessages must be >= 0, got " + warmupMessages);
  }

  /** 200,000 reads from 16 cameras after 20,000 of warm-up. */
  public static BenchOptions defaults(String kafkaBootstrap, Path workDir) {
    return new BenchOptions(kafkaBootstrap, workDir, 200_000, 16, 20_000);
  }

  public BenchOptions withMessages(int n) {
    return new BenchOptions(kafkaBootstrap, workDir, n, cameras, warmupMessages);
  }

  public BenchOptions withWarmup(int n) {
    return new BenchOptions(kafkaBootstrap, workDir, messages, cameras, n);
  }
}
