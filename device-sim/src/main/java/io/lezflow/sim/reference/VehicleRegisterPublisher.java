package io.lezflow.sim.reference;

import io.lezflow.schemas.Topics;
import io.lezflow.schemas.v1.VehicleRecord;
import java.util.List;

/**
 * Writes the simulator's vehicle register extract to Kafka ({@link Topics#VEHICLES}, key = vehicle
 * key bytes UTF-8, value = {@link VehicleRecord} bytes). Returns only when Kafka acknowledged every
 * record (idempotent producer, acks=all), so the pipeline can rely on the register being complete
 * before the first read arrives; throws if any record was not acknowledged.
 */
public final class VehicleRegisterPublisher {
  private VehicleRegisterPublisher() {}

  public static void publish(String kafkaBootstrap, List<VehicleRecord> vehicles) {
    publish(kafkaBootstrap, Topics.VEHICLES, vehicles);
  }

  /** As {@link #publish(String, List)}, to another topic (tests, migrations). */
  public static void publish(String kafkaBootstrap, String topic, List<VehicleRecord> vehicles) {
    publish(kafkaBootstrap, topic, vehicles, AcknowledgedKafkaWrites.MAX_BLOCK_MS);
  }

  static void publish(String kafkaBootstrap, String topic, List<VehicleRecord> vehicles, int maxBlockMs) {
    AcknowledgedKafkaWrites.writeAll(kafkaBootstrap, topic, vehicles, VehicleRecord::getVehicleKey, "vehicle register",
        "lez-sim-vehicle-register", maxBlockMs);
  }
}
