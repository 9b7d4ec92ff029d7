package io.lezflow.sim.reference;

import com.google.protobuf.MessageLite;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a batch of reference records (register, permits, camera registry) to one Kafka topic and
 * returns only when Kafka acknowledged every one of them (idempotent producer, acks=all): the
 * pipeline may rely on reference data being complete before the first read arrives. Throws
 * {@link IllegalStateException} naming the topic and the address if any record was not
 * acknowledged. Key = UTF-8 bytes of the record's key (a vehicle key, a permit id or a camera id:
 * the id of what the record is the latest state of, since these topics are compacted).
 */
final class AcknowledgedKafkaWrites {
  private AcknowledgedKafkaWrites() {}

  private static final Logger LOG = LoggerFactory.getLogger(AcknowledgedKafkaWrites.class);
  /** How long a send may wait for the cluster's metadata: a wrong bootstrap address fails after this. */
  static final int MAX_BLOCK_MS = 30_000;
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  /**
   * @param what what the records are, for messages, e.g. {@code "vehicle register"}
   * @param clientId Kafka client id of the producer
   */
  static <T extends MessageLite> void writeAll(String kafkaBootstrap, String topic, List<T> records,
      Function<T, String> keyOf, String what, String clientId, int maxBlockMs) {
    if (kafkaBootstrap == null || kafkaBootstrap.isBlank()) {
      throw new IllegalArgumentException("kafkaBootstrap must be set, e.g. 127.0.0.1:9092");
    }
    if (topic == null || topic.isBlank()) throw new IllegalArgumentException("topic must be set");
    if (records == null) throw new IllegalArgumentException(what + " records must be set");
    long started = System.nanoTime();
    List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
    KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties(kafkaBootstrap, clientId, maxBlockMs));
    try {
      // Fail fast on a wrong address or a missing topic: otherwise every send would wait max.block.ms.
      producer.partitionsFor(topic);
      for (T record : records) {
        acks.add(producer.send(new ProducerRecord<>(topic, keyOf.apply(record).getBytes(StandardCharsets.UTF_8), record.toByteArray())));
      }
      producer.flush();
      for (int i = 0; i < acks.size(); i++) {
        awaitAck(acks.get(i), i, records.size(), what, topic, kafkaBootstrap);
      }
    } catch (KafkaException e) {
      throw new IllegalStateException("Could not write the " + what + " to Kafka topic " + topic + " at "
          + kafkaBootstrap + " (is Kafka running and does the topic exist?): " + e, e);
    } finally {
      // Bounded: after a failure, records still pending would otherwise hold close() for delivery.timeout.ms.
      producer.close(CLOSE_TIMEOUT);
    }
    LOG.info("{}: {} records acknowledged on {} in {} ms", what, records.size(), topic, (System.nanoTime() - started) / 1_000_000);
  }

  private static void awaitAck(Future<RecordMetadata> ack, int index, int total, String what, String topic, String bootstrap) {
    try {
      ack.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("Kafka at " + bootstrap + " did not acknowledge " + what + " record "
          + (index + 1) + " of " + total + " on " + topic + ": " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for Kafka to acknowledge the " + what, e);
    }
  }

  private static Properties producerProperties(String bootstrap, String clientId, int maxBlockMs) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
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
