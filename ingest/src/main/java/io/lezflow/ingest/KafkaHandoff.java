package io.lezflow.ingest;

import io.lezflow.ingest.routing.OutboundRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records to Kafka and reports them safe when Kafka acknowledged them (acks=all,
 * idempotent producer).
 *
 * <p>Why a sender thread: {@code KafkaProducer.send} blocks while metadata is missing or the
 * buffer is full (Kafka down, first send); that must stall this thread, not the MQTT callback.
 * Why retry forever: a record whose send failed was not acknowledged to MQTT, so giving up would
 * leave it to the broker's redelivery on the next reconnect only; retrying with backoff keeps the
 * gateway flowing once Kafka is back, and duplicates are removed downstream by read_id.
 */
final class KafkaHandoff implements SafeHandoff {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaHandoff.class);
  private static final long MAX_BACKOFF_MS = 5_000;
  private static final long LOG_EVERY_MS = 10_000;

  private record Pending(OutboundRecord record, Runnable whenSafe, int attempt) {}

  private final Producer<byte[], byte[]> producer;
  private final IngestMetrics metrics;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final ScheduledExecutorService retryTimer;
  private final Thread sender;
  private final AtomicLong lastFailureLogMs = new AtomicLong();
  private volatile boolean closing;

  KafkaHandoff(Producer<byte[], byte[]> producer, IngestMetrics metrics, String threadName) {
    this.producer = Objects.requireNonNull(producer, "producer");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.retryTimer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, threadName + "-retry");
              t.setDaemon(true);
              return t;
            });
    this.sender = new Thread(this::sendLoop, threadName);
    this.sender.setDaemon(true);
    this.sender.start();
  }

  /** Producer settings: no loss (acks=all, idempotence), batching for throughput. */
  static Map<String, Object> producerConfig(String bootstrap, String clientId) {
    return Map.ofEntries(
        Map.entry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
        Map.entry(ProducerConfig.CLIENT_ID_CONFIG, clientId),
        Map.entry(ProducerConfig.ACKS_CONFIG, "all"),
        Map.entry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
        Map.entry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5),
        Map.entry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
        // A few ms of linger fill batches at 25k reads/s without hurting the ack latency much.
        Map.entry(ProducerConfig.LINGER_MS_CONFIG, 5),
        Map.entry(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024),
        Map.entry(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()),
        Map.entry(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
  }

  static KafkaHandoff create(String bootstrap, String clientId, IngestMetrics metrics) {
    return new KafkaHandoff(
        new KafkaProducer<>(producerConfig(bootstrap, clientId)), metrics, clientId + "-kafka-sender");
  }

  @Override
  public void handOff(OutboundRecord record, Runnable whenSafe) {
    queue.add(new Pending(record, whenSafe, 0));
  }

  private void sendLoop() {
    List<Pending> batch = new ArrayList<>(256);
    while (!closing || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) continue;
        batch.add(first);
        queue.drainTo(batch, 1023);
        for (Pending pending : batch) send(pending);
      } catch (InterruptedException e) {
        if (closing) break;
      } catch (RuntimeException e) {
        LOG.error("Kafka sender loop failed unexpectedly; continuing", e);
      } finally {
        batch.clear();
      }
    }
  }

  private void send(Pending pending) {
    OutboundRecord record = pending.record();
    long started = System.nanoTime();
    try {
      producer.send(
          new ProducerRecord<>(record.kafkaTopic(), record.key(), record.value()),
          (metadata, exception) -> {
            if (exception == null) {
              metrics.sendLatencyNanos(System.nanoTime() - started);
              runSafely(pending.whenSafe());
            } else {
              retryLater(pending, exception);
            }
          });
    } catch (RuntimeException e) {
      // Synchronous failures: metadata timeout while Kafka is away, producer closing.
      retryLater(pending, e);
    }
  }

  private void retryLater(Pending pending, Exception cause) {
    metrics.sendFailed();
    long now = System.currentTimeMillis();
    long last = lastFailureLogMs.get();
    if (now - last >= LOG_EVERY_MS && lastFailureLogMs.compareAndSet(last, now)) {
      LOG.warn("Kafka send to {} failed (attempt {}), retrying; MQTT acknowledgements wait: {}",
          pending.record().kafkaTopic(), pending.attempt() + 1, cause.toString());
    }
    if (closing) return; // left unacknowledged: the broker redelivers it to this session later
    long backoff = Math.min(MAX_BACKOFF_MS, 100L << Math.min(pending.attempt(), 6));
    Pending again = new Pending(pending.record(), pending.whenSafe(), pending.attempt() + 1);
    try {
      retryTimer.schedule(() -> queue.add(again), backoff, TimeUnit.MILLISECONDS);
    } catch (RuntimeException rejectedWhileClosing) {
      // closing: see above
    }
  }

  private static void runSafely(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      LOG.error("acknowledging a safe record failed", e);
    }
  }

  @Override
  public void close(Duration timeout) {
    closing = true;
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      sender.join(Math.max(1, timeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sender.interrupt();
    retryTimer.shutdownNow();
    long left = Math.max(0, deadline - System.nanoTime());
    producer.close(Duration.ofNanos(left));
  }
}
