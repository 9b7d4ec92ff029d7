package io.lezflow.police.hotlist;

import io.lezflow.schemas.Topics;
import io.lezflow.schemas.v1.HotlistEntry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Hotlist entries to the compacted {@link Topics#HOTLISTS} (key = entry id), acknowledged by all replicas. */
public final class KafkaHotlistPublisher implements HotlistPublisher, AutoCloseable {
  static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
  private final KafkaProducer<byte[], byte[]> producer;

  public KafkaHotlistPublisher(String bootstrap) {
    producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.CLIENT_ID_CONFIG, "lez-hotlist-store",
        ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) SEND_TIMEOUT.toMillis()), new ByteArraySerializer(), new ByteArraySerializer());
  }

  @Override
  public void publish(HotlistEntry entry) {
    try {
      producer.send(new ProducerRecord<>(Topics.HOTLISTS, entry.getEntryId().getBytes(StandardCharsets.UTF_8), entry.toByteArray()))
          .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing a hotlist entry");
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("publishing hotlist entry " + entry.getEntryId() + " failed: " + e.getClass().getSimpleName());
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
