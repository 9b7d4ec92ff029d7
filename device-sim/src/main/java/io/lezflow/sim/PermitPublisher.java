package io.lezflow.sim;

import io.lezflow.schemas.Topics;
import io.lezflow.schemas.v1.Permit;
import io.lezflow.schemas.v1.VehicleRecord;
import java.time.LocalDate;
import java.util.List;

/**
 * Writes the simulator's permits to Kafka ({@link Topics#PERMITS}, key = vehicle key bytes UTF-8,
 * value = {@link Permit} bytes). Returns only when Kafka acknowledged every permit (idempotent
 * producer, acks=all), so the pipeline knows them before the first read; throws if any was not
 * acknowledged.
 */
public final class PermitPublisher {
  private PermitPublisher() {}

  /**
   * Publishes the zone registration of every foreign, non-Dutch vehicle of the population ({@link
   * ForeignRegistrations#of}).
   *
   * @return the permits published
   */
  public static List<Permit> publishForeignRegistrations(String kafkaBootstrap, List<VehicleRecord> population, String zoneId,
      LocalDate today) {
    return publishForeignRegistrations(kafkaBootstrap, Topics.PERMITS, population, zoneId, today, AcknowledgedKafkaWrites.MAX_BLOCK_MS);
  }

  static List<Permit> publishForeignRegistrations(String kafkaBootstrap, String topic, List<VehicleRecord> population, String zoneId,
      LocalDate today, int maxBlockMs) {
    List<Permit> permits = ForeignRegistrations.of(population, zoneId, today);
    AcknowledgedKafkaWrites.writeAll(kafkaBootstrap, topic, permits, Permit::getVehicleKey, "foreign registrations",
        "lez-sim-permits", maxBlockMs);
    return permits;
  }
}
