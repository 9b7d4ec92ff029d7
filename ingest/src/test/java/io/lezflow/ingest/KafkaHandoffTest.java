package io.lezflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lezflow.ingest.routing.OutboundRecord;
import io.lezflow.schemas.Topics;
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

/**
 * The "safe only when Kafka says so" contract, driven with Kafka's own in-memory producer so
 * that acknowledgements and failures happen exactly when the test says. The real broker path is
 * in {@link IngestGatewayITCase}.
 */
class KafkaHandoffTest {
  final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(false, new SinglePartition(), new ByteArraySerializer(), new ByteArraySerializer());
  final IngestMetrics metrics = new IngestMetrics(() -> 0);
  final KafkaHandoff handoff = new KafkaHandoff(producer, metrics, "test-sender");
  final OutboundRecord record =
      new OutboundRecord(Topics.PLATE_READS, "BE:1ABC234".getBytes(), new byte[] {1, 2}, OutboundRecord.Kind.READ, null);
  final AtomicInteger safe = new AtomicInteger();

  @AfterEach
  void close() {
    handoff.close(Duration.ofSeconds(1));
  }

  @Test
  void recordIsSafeOnlyOnceKafkaAcknowledgedIt() {
    handoff.handOff(record, safe::incrementAndGet);
    await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 1);
    assertThat(safe).hasValue(0);

    assertThat(producer.completeNext()).isTrue();

    assertThat(safe).hasValue(1);
    assertThat(producer.history().get(0).topic()).isEqualTo(Topics.PLATE_READS);
    assertThat(producer.history().get(0).key()).isEqualTo("BE:1ABC234".getBytes());
  }

  @Test
  void failedSendIsRetriedAndNeverReportedSafeBeforeSuccess() {
    handoff.handOff(record, safe::incrementAndGet);
    await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 1);

    assertThat(producer.errorNext(new TimeoutException("broker away"))).isTrue();

    await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 2);
    assertThat(safe).hasValue(0);
    assertThat(producer.completeNext()).isTrue();
    assertThat(safe).hasValue(1);
    assertThat(metrics.sendFailureCount()).isEqualTo(1);
    assertThat(producer.history().get(1).value()).isEqualTo(record.value());
  }

  @Test
  void synchronousSendFailureIsRetriedToo() {
    producer.sendException = new TimeoutException("no metadata");
    handoff.handOff(record, safe::incrementAndGet);
    await().atMost(Duration.ofSeconds(5)).until(() -> metrics.sendFailureCount() >= 1);
    producer.sendException = null;

    await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 1);
    assertThat(producer.completeNext()).isTrue();
    assertThat(safe).hasValue(1);
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
