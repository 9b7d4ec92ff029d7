package io.lezflow.sim.reference;

import io.lezflow.sim.SimulatorConfig;

import io.lezflow.schemas.Topics;
import io.lezflow.schemas.v1.CameraRegistration;

/**
 * Writes a fleet's camera registry ({@link CameraRegistry#of}) to Kafka ({@link Topics#CAMERAS},
 * compacted, key = camera id bytes UTF-8, value = {@link CameraRegistration} bytes). Returns only
 * when Kafka acknowledged every registration (idempotent producer, acks=all), so the pipeline
 * knows every camera before its first read; throws if any was not acknowledged. Publishing the
 * same configuration again writes the same records.
 */
public final class CameraRegistryPublisher {
  private CameraRegistryPublisher() {}

  public static void publish(String kafkaBootstrap, SimulatorConfig config) {
    publish(kafkaBootstrap, Topics.CAMERAS, config, AcknowledgedKafkaWrites.MAX_BLOCK_MS);
  }

  static void publish(String kafkaBootstrap, String topic, SimulatorConfig config, int maxBlockMs) {
    if (config == null) throw new IllegalArgumentException("config must be set");
    AcknowledgedKafkaWrites.writeAll(kafkaBootstrap, topic, CameraRegistry.of(config), CameraRegistration::getCameraId,
        "camera registry", "lez-sim-camera-registry", maxBlockMs);
  }
}
