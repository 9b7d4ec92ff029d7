package io.lezflow.ops.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Raw Kafka produce->consume on this machine's broker: the same payloads and producer settings as
 * the ingest gateway's (acks=all, idempotent, lz4, linger 5 ms), a consumer reading them from a
 * fresh topic with as many partitions as the plate-reads topic; the rate from the first send to
 * the last record consumed.
 */
public final class KafkaBaseline {
  private KafkaBaseline() {}

  public static double readsPerSecond(String bootstrap, List<byte[]> payloads, int messages, int partitions) throws Exception {
    String topic = "lez.bench.kafka-baseline." + System.nanoTime();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    }
    AtomicLong consumed = new AtomicLong();
    Map<String, Object> consumerConfig = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, topic,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000,
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    Thread consumer = new Thread(() -> {
      try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerConfig)) {
        c.subscribe(List.of(topic));
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (consumed.get() < messages && System.nanoTime() < deadline) {
          ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(100));
          consumed.addAndGet(records.count());
        }
      }
    }, "lez-bench-kafka-baseline-consumer");
    consumer.setDaemon(true);
    consumer.start();
    Map<String, Object> producerConfig = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
        ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig)) {
      // Not timed: a just-created topic answers NOT_LEADER until its partitions have leaders;
      // one acknowledged record per partition first (the consumer's count starts after them).
      for (int p = 0; p < partitions; p++) producer.send(new ProducerRecord<>(topic, p, new byte[] {0}, payloads.get(0))).get();
      long warm = partitions;
      long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      while (consumed.get() < warm && System.nanoTime() < deadline) Thread.sleep(10);
      consumed.addAndGet(-warm);
      long started = System.nanoTime();
      for (int i = 0; i < messages; i++) {
        byte[] value = payloads.get(i % payloads.size());
        byte[] key = new byte[] {(byte) i, (byte) (i >> 8), (byte) (i >> 16)};
        producer.send(new ProducerRecord<>(topic, key, value));
      }
      producer.flush();
      consumer.join(Duration.ofMinutes(5).toMillis());
      if (consumed.get() < messages) throw new IllegalStateException("Kafka baseline: consumed " + consumed.get() + " of " + messages);
      return messages / ((System.nanoTime() - started) / 1e9);
    }
  }
}
