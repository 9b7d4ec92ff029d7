package io.lezflow.ops.bench;

import java.time.Duration;
import java.util.Locale;

/**
 * Throughput of one benchmark run: the gateway (MQTT in, durable in Kafka out) against the raw
 * broker (publish to subscribe) with the same payloads, QoS, publishers and broker.
 *
 * @param messages reads per leg
 * @param payloadBytes size of one read
 * @param baselineReadsPerSecond Mosquitto publish -> subscriber receive, QoS 1
 * @param gatewayReadsPerSecond Mosquitto publish -> gateway -> outbox -> Kafka acknowledged
 * @param baselineTime time of the baseline leg
 * @param gatewayTime time of the gateway leg
 * @param mosquittoVersion the broker that served both legs
 */
public record BenchResult(
    int messages,
    int cameras,
    int payloadBytes,
    double baselineReadsPerSecond,
    double gatewayReadsPerSecond,
    Duration baselineTime,
    Duration gatewayTime,
    String mosquittoVersion) {

  /** gateway / baseline: 1.0 means the gateway keeps up with the broker itself. */
  public double ratio() {
    return gatewayReadsPerSecond / baselineReadsPerSecond;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT,
        "ingest benchmark: %,d plate reads (%d B each, QoS 1) from %d cameras through %s%n"
            + "  raw Mosquitto publish -> subscribe : %,10.0f reads/s (%.2f s)%n"
            + "  gateway, durable in Kafka          : %,10.0f reads/s (%.2f s)%n"
            + "  gateway / raw broker               : %10.2f",
        messages, payloadBytes, cameras, mosquittoVersion,
        baselineReadsPerSecond, baselineTime.toMillis() / 1000.0,
        gatewayReadsPerSecond, gatewayTime.toMillis() / 1000.0,
        ratio());
  }
}
