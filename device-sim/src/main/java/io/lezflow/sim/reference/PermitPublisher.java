package io.lezflow.sim.reference;

import io.lezflow.schemas.Topics;
import io.lezflow.schemas.v1.Permit;
import io.lezflow.schemas.v1.VehicleRecord;
import java.time.LocalDate;
import java.util.List;

/**
 * Writes the simulator's permits to Kafka ({@link Topics#PERMITS}, key = permit id bytes UTF-8,
 * value = {@link Permit} bytes). Returns only when Kafka acknowledged every permit (idempotent
 * producer, acks=all), so the pipeline knows them before the first read; throws if any was not
 * acknowledged.
 *
 * <p>Why the permit id and not the vehicle key: the topic is compacted, and compaction keeps only
 * the last record per key. A vehicle holds several permits at once (up to eight day passes a year,
 * a foreign registration and a day pass ...); keyed by vehicle, all but its latest permit would
 * vanish at the next compaction, and a job rebuilding its state from the topic would fine vehicles
 * that had paid. Keyed by permit id, compaction keeps the latest state of every permit. A permit is
 * therefore changed or revoked in-band: the same permit id again, with {@code revoked=true} to
 * withdraw it; never a tombstone, which the enforcement cannot route to a vehicle. The enforcement
 * takes the vehicle from the permit itself, never from the Kafka key.
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
    publish(kafkaBootstrap, topic, permits, "foreign registrations", maxBlockMs);
    return permits;
  }

  /**
   * Publishes {@code permits} keyed by permit id.
   *
   * @throws IllegalArgumentException if a permit has no permit id or no vehicle key, before anything is sent:
   *     without an id it has no key of its own (compaction would merge it with every other such permit),
   *     without a vehicle the enforcement cannot apply it
   */
  static void publish(String kafkaBootstrap, String topic, List<Permit> permits, String what, int maxBlockMs) {
    if (permits == null) throw new IllegalArgumentException(what + " must be set");
    for (int i = 0; i < permits.size(); i++) {
      Permit permit = permits.get(i);
      // The message names the position only: the permit holds a plate.
      if (permit.getPermitId().isBlank()) {
        throw new IllegalArgumentException(what + ": permit " + (i + 1) + " of " + permits.size()
            + " has no permit_id (the permits topic is keyed by it)");
      }
      if (permit.getVehicleKey().isBlank()) {
        throw new IllegalArgumentException(what + ": permit " + permit.getPermitId() + " has no vehicle_key");
      }
    }
    AcknowledgedKafkaWrites.writeAll(kafkaBootstrap, topic, permits, Permit::getPermitId, what, "lez-sim-permits", maxBlockMs);
  }
}
