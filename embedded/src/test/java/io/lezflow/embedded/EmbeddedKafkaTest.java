package io.lezflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lezflow.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {
  @TempDir static Path dataDir;
  static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() {
    long t0 = System.nanoTime();
    kafka = EmbeddedKafka.start(dataDir);
    System.out.printf("EmbeddedKafka started in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    kafka.createLezTopics();
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  @Test
  void createsEveryLezTopicWithItsPartitionsAndCompaction() throws Exception {
    kafka.createLezTopics(); // idempotent: second call must not fail
    try (Admin admin = admin()) {
      Map<String, TopicDescription> topics = admin.describeTopics(Topics.ALL).allTopicNames().get(30, TimeUnit.SECONDS);
      for (String topic : Topics.ALL) {
        assertThat(topics.get(topic).partitions()).as(topic).hasSize(Topics.defaultPartitions(topic));
      }
      var resources = Topics.ALL.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
      var configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
      for (String topic : Topics.ALL) {
        String policy = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic)).get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        assertThat(policy).as(topic).isEqualTo(Topics.isCompacted(topic) ? "compact" : "delete");
      }
    }
  }

  @Test
  void producedRecordIsConsumed() throws Exception {
    String topic = freshTopic();
    try (var producer = producer(null)) {
      producer.send(new ProducerRecord<>(topic, "k1", "hello")).get(30, TimeUnit.SECONDS);
    }
    assertThat(consumeValues(topic, "read_uncommitted", 1)).containsExactly("hello");
  }

  @Test
  void committedTransactionIsVisibleToReadCommittedConsumerAndAbortedOneIsNot() throws Exception {
    String topic = freshTopic();
    try (var producer = producer("tx-" + UUID.randomUUID())) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "k", "aborted"));
      producer.flush();
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "k", "committed"));
      producer.commitTransaction();
    }
    assertThat(consumeValues(topic, "read_committed", 1)).containsExactly("committed");
  }

  @Test
  void stopAndRestartKeepsDataAndTheBootstrapAddress() throws Exception {
    String topic = freshTopic();
    String bootstrap = kafka.bootstrapServers();
    try (var producer = producer(null)) {
      producer.send(new ProducerRecord<>(topic, "k", "before-stop")).get(30, TimeUnit.SECONDS);
    }
    long t0 = System.nanoTime();
    kafka.stop();
    long stopped = System.nanoTime();
    assertThat(kafka.isRunning()).isFalse();
    kafka.restart();
    System.out.printf("EmbeddedKafka stop %d ms, restart %d ms%n", (stopped - t0) / 1_000_000, (System.nanoTime() - stopped) / 1_000_000);
    assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
    try (var producer = producer(null)) {
      producer.send(new ProducerRecord<>(topic, "k", "after-restart")).get(30, TimeUnit.SECONDS);
    }
    assertThat(consumeValues(topic, "read_uncommitted", 2)).containsExactly("before-stop", "after-restart");
  }

  @Test
  void clientsCreatedBeforeStopReconnectAfterRestart() throws Exception {
    String topic = freshTopic();
    try (var producer = producer(null)) {
      producer.send(new ProducerRecord<>(topic, "k", "one")).get(30, TimeUnit.SECONDS);
      kafka.stop();
      // While Kafka is down send() blocks on metadata, so the broker comes back from another thread.
      var restarted = CompletableFuture.runAsync(kafka::restart);
      producer.send(new ProducerRecord<>(topic, "k", "two")).get(60, TimeUnit.SECONDS);
      restarted.get(60, TimeUnit.SECONDS);
    }
    assertThat(consumeValues(topic, "read_uncommitted", 2)).containsExactly("one", "two");
  }

  private static String freshTopic() {
    String topic = "test-" + UUID.randomUUID();
    kafka.createTopics(List.of(topic));
    return topic;
  }

  private static Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
  }

  private static KafkaProducer<String, String> producer(String transactionalId) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
    if (transactionalId != null) p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  private static List<String> consumeValues(String topic, String isolation, int expected) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "g-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    List<String> values = new ArrayList<>();
    try (var consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(Set.of(topic));
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) values.add(r.value());
        return values.size() >= expected;
      });
      // Nothing beyond what was expected (e.g. no aborted record) shows up in a further poll.
      for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) values.add(r.value());
    }
    return values;
  }
}
