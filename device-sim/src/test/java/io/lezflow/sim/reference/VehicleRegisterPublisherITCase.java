package io.lezflow.sim.reference;

import io.lezflow.sim.traffic.VehiclePopulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lezflow.embedded.EmbeddedKafka;
import io.lezflow.schemas.Topics;
import io.lezflow.schemas.v1.VehicleRecord;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VehicleRegisterPublisherITCase {
  @TempDir static Path dataDir;
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.start(dataDir);
    kafka.createLezTopics();
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) kafka.close();
  }

  @Test
  void theRegisterTopicHoldsExactlyThePopulation() throws Exception {
    List<VehicleRecord> population = VehiclePopulation.generate(42, 20_000, LocalDate.now(VehiclePopulation.BRUSSELS));

    VehicleRegisterPublisher.publish(kafka.bootstrapServers(), population);

    Map<String, VehicleRecord> readBack = readAll(Topics.VEHICLES, population.size());
    assertThat(readBack).hasSize(population.size());
    assertThat(readBack).isEqualTo(population.stream().collect(Collectors.toMap(VehicleRecord::getVehicleKey, Function.identity())));
  }

  @Test
  void anUnreachableKafkaFailsWithItsAddress() throws IOException {
    int freePort;
    try (ServerSocket socket = new ServerSocket(0)) {
      freePort = socket.getLocalPort();
    }
    String bootstrap = "127.0.0.1:" + freePort;
    assertThatThrownBy(() -> VehicleRegisterPublisher.publish(bootstrap, Topics.VEHICLES,
            VehiclePopulation.generate(1, 10, LocalDate.now()), 2_000))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(bootstrap)
        .hasMessageContaining(Topics.VEHICLES);
  }

  /** Reads the topic from the beginning until its end offsets; key must equal the value's vehicle key. */
  private static Map<String, VehicleRecord> readAll(String topic, int expected) throws Exception {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, VehicleRecord> records = new HashMap<>();
    int count = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map((PartitionInfo info) -> new TopicPartition(topic, info.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          VehicleRecord v = VehicleRecord.parseFrom(r.value());
          assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(v.getVehicleKey());
          records.put(v.getVehicleKey(), v);
          count++;
        }
      }
    }
    assertThat(count).as("records on %s", topic).isEqualTo(expected);
    return records;
  }
}
