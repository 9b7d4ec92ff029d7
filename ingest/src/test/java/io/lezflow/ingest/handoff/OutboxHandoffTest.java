package io.lezflow.ingest.handoff;

import io.lezflow.ingest.IngestMetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lezflow.ingest.outbox.OutboxStore;
import io.lezflow.ingest.routing.OutboundRecord;
import io.lezflow.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox contract, with Kafka's own in-memory producer so that acknowledgements and failures
 * happen exactly when the test says: safe = durable in the outbox (not Kafka-acknowledged), out of
 * the outbox only once Kafka acknowledged, retried from the outbox on failure, bounded, replayed.
 * Real brokers: {@link IngestGatewayITCase} and the *FaultITCase classes.
 */
class OutboxHandoffTest {
  @TempDir Path dir;
  final IngestMetrics metrics = new IngestMetrics(() -> 0);
  final AtomicInteger safe = new AtomicInteger();
  MockProducer<byte[], byte[]> producer = newProducer();
  OutboxHandoff handoff;

  static MockProducer<byte[], byte[]> newProducer() {
    return new MockProducer<>(false, new SinglePartition(), new ByteArraySerializer(), new ByteArraySerializer());
  }

  static OutboundRecord read(int i) {
    return new OutboundRecord(Topics.PLATE_READS, ("BE:" + i).getBytes(), new byte[] {(byte) i}, OutboundRecord.Kind.READ, null);
  }

  OutboxHandoff open(long maxRecords) {
    return new OutboxHandoff(OutboxStore.open(dir), producer, new OutboxHandoff.Limits(maxRecords, 1 << 20, 100), metrics, "test");
  }

  @AfterEach
  void close() {
    if (handoff != null) handoff.close(Duration.ofMillis(200));
  }

  @Test
  void aRecordIsSafeOnceInTheOutboxAndLeavesItOnlyWhenKafkaAcknowledged() {
    handoff = open(1000);
    handoff.handOff(read(1), safe::incrementAndGet);

    await().atMost(Duration.ofSeconds(5)).until(() -> safe.get() == 1 && producer.history().size() == 1);
    assertThat(metrics.outboxRecords()).as("still held: Kafka has not acknowledged").isEqualTo(1);
    assertThat(metrics.acceptedCount()).isZero();

    assertThat(producer.completeNext()).isTrue();

    await().atMost(Duration.ofSeconds(5)).until(() -> metrics.outboxRecords() == 0);
    assertThat(metrics.acceptedCount()).isEqualTo(1);
    assertThat(producer.history().get(0).topic()).isEqualTo(Topics.PLATE_READS);
    assertThat(producer.history().get(0).key()).isEqualTo("BE:1".getBytes());
  }

  @Test
  void aFailedSendIsRetriedFromTheOutboxAndStaysThereUntilItSucceeds() {
    handoff = open(1000);
    handoff.handOff(read(7), safe::incrementAndGet);
    await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 1);

    assertThat(producer.errorNext(new TimeoutException("broker away"))).isTrue();

    await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 2);
    assertThat(metrics.outboxRecords()).isEqualTo(1);
    assertThat(metrics.sendFailureCount()).isEqualTo(1);
    assertThat(producer.history().get(1).value()).isEqualTo(new byte[] {7});
    assertThat(producer.completeNext()).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> metrics.outboxRecords() == 0);
  }

  @Test
  void aFullOutboxStopsMakingRecordsSafeUntilKafkaTakesSomeOut() {
    handoff = open(2);
    for (int i = 0; i < 5; i++) handoff.handOff(read(i), safe::incrementAndGet);

    await().atMost(Duration.ofSeconds(5)).until(() -> safe.get() == 2 && producer.history().size() == 2);
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> safe.get() == 2);
    assertThat(handoff.health().belowBound()).isFalse();

    assertThat(producer.completeNext()).isTrue();
    assertThat(producer.completeNext()).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> safe.get() == 4);
    while (safe.get() < 5 || metrics.outboxRecords() > 0) {
      await().atMost(Duration.ofSeconds(5)).until(() -> producer.completeNext() || (safe.get() == 5 && metrics.outboxRecords() == 0));
    }
    assertThat(metrics.acceptedCount()).isEqualTo(5);
    assertThat(handoff.health().belowBound()).isTrue();
  }

  @Test
  void whatAPreviousRunLeftInTheOutboxIsSentAtStart() {
    handoff = open(1000);
    for (int i = 0; i < 3; i++) handoff.handOff(read(i), safe::incrementAndGet);
    await().atMost(Duration.ofSeconds(5)).until(() -> safe.get() == 3);
    handoff.close(Duration.ofMillis(100)); // Kafka never acknowledged: all three stay
    handoff = null;

    producer = newProducer();
    handoff = open(1000);

    await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 3);
    assertThat(producer.history()).extracting(r -> r.value()[0]).containsExactly((byte) 0, (byte) 1, (byte) 2);
    while (producer.completeNext()) {
      // acknowledge the replay
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> metrics.outboxRecords() == 0);
  }

  /** Everything to partition 0: the mock has no cluster metadata. */
  static final class SinglePartition implements Partitioner {
    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
      return 0;
    }

    @Override
    public void close() {}

    @Override
    public void configure(Map<String, ?> configs) {}
  }
}
