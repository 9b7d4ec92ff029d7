package io.lezflow.sim;

import io.lezflow.schemas.Topics;
import io.lezflow.schemas.v1.VehicleRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the simulator's vehicle register extract to Kafka ({@link Topics#VEHICLES}, key = vehicle
 * key bytes UTF-8, value = {@link VehicleRecord} bytes). Returns only when Kafka acknowledged every
 * record (idempotent producer, acks=all), so the pipeline can rely on the register being complete
 * before the first read arrives; throws if any record was not acknowledged.
 */
public final class VehicleRegisterPublisher {
  private VehicleRegisterPublisher() {}

  private static final Logger LOG = LoggerFactory.getLogger(VehicleRegisterPublisher.class);
  /** How long a send may wait for the cluster's metadata: a wrong bootstrap address fails after this. */
  static final int MAX_BLOCK_MS = 30_000;
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  public static void publish(String kafkaBootstrap, List<VehicleRecord> vehicles) {
    publish(kafkaBootstrap, Topics.VEHICLES, vehicles);
  }

  /** As {@link #publish(String, List)}, to another topic (tests, migrations). */
  public static void publish(String kafkaBootstrap, String topic, List<VehicleRecord> vehicles) {
    publish(kafkaBootstrap, topic, vehicles, MAX_BLOCK_MS);
  }

  static void publish(String kafkaBootstrap, String topic, List<VehicleRecord> vehicles, int maxBlockMs) {
    if (kafkaBootstrap == null || kafkaBootstrap.isBlank()) {
      throw new IllegalArgumentException("kafkaBootstrap must be set, e.g. 127.0.0.1:9092");
    }
    if (topic == null || topic.isBlank()) throw new IllegalArgumentException("topic must be set");
    if (vehicles == null) throw new IllegalArgumentException("vehicles must be set");
    long started = System.nanoTime();
    List<Future<RecordMetadata>> acks = new ArrayList<>(vehicles.size());
    KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties(kafkaBootstrap, maxBlockMs));
    try {
      // Fail fast on a wrong address or a missing topic: otherwise every send would wait max.block.ms.
      producer.partitionsFor(topic);
      for (VehicleRecord vehicle : vehicles) {
        acks.add(producer.send(new ProducerRecord<>(topic,
            vehicle.getVehicleKey().getBytes(StandardCharsets.UTF_8), vehicle.toByteArray())));
      }
      producer.flush();
      for (int i = 0; i < acks.size(); i++) {
        awaitAck(acks.get(i), i, vehicles.size(), topic, kafkaBootstrap);
      }
    } catch (KafkaException e) {
      throw new IllegalStateException("Could not write the vehicle register to Kafka topic " + topic + " at "
          + kafkaBootstrap + " (is Kafka running and does the topic exist?): " + e, e);
    } finally {
      // Bounded: after a failure, records still pending would otherwise hold close() for delivery.timeout.ms.
      producer.close(CLOSE_TIMEOUT);
    }
    LOG.info("Vehicle register: {} records acknowledged on {} in {} ms", vehicles.size(), topic,
        (System.nanoTime() - started) / 1_000_000);
  }

  private static void awaitAck(Future<RecordMetadata> ack, int index, int total, String topic, String bootstrap) {
    try {
      ack.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("Kafka at " + bootstrap + " did not acknowledge vehicle register record "
          + (index + 1) + " of " + total + " on " + topic + ": " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for Kafka to acknowledge the vehicle register", e);
    }
  }

  private static Properties producerProperties(String bootstrap, int maxBlockMs) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "lez-sim-vehicle-register");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlockMs);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return p;
  }
}
