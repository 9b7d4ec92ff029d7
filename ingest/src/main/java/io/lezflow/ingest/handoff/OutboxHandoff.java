package io.lezflow.ingest.handoff;

import io.lezflow.ingest.IngestConfig;
import io.lezflow.ingest.IngestMetrics;

import io.lezflow.ingest.outbox.OutboxRecordCodec;
import io.lezflow.ingest.outbox.OutboxStore;
import io.lezflow.ingest.routing.DeadLetters;
import io.lezflow.ingest.routing.OutboundRecord;
import io.lezflow.schemas.v1.RejectReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Store-and-forward between MQTT and Kafka: a record is safe (its MQTT message may be
 * acknowledged) once it is in the RocksDB outbox with the write-ahead log fsynced, and it leaves
 * the outbox only once Kafka acknowledged it (idempotent producer, acks=all).
 *
 * <p>Two threads:
 *
 * <ul>
 *   <li>the <b>writer</b> takes every record handed off since its last write and appends them in
 *       one synced batch (group commit: one fsync for many messages, so acknowledging after the
 *       fsync costs a fraction of a millisecond per batch, not per message); it also applies the
 *       removals of records Kafka acknowledged. When the outbox is at its bound it stops writing,
 *       so safe-callbacks stop, MQTT acknowledgements stop, and the broker stops sending once the
 *       receive maximum is reached: back-pressure, never a drop.
 *   <li>the <b>forwarder</b> reads the outbox in sequence order from where it started (everything
 *       a previous run left there first: the replay) and sends to Kafka, at most {@code
 *       maxKafkaInFlight} records at a time; a failed send is retried (re-read from the outbox)
 *       after a backoff, forever: a record is never given up.
 * </ul>
 *
 * <p>A crash anywhere loses nothing acknowledged: before the fsync nothing was acknowledged to
 * MQTT (the broker redelivers), after it the outbox has the record until Kafka has it. What a
 * crash can do is send a record twice; downstream deduplicates by read_id.
 */
public final class OutboxHandoff implements SafeHandoff {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxHandoff.class);
  private static final int MAX_BATCH = 8192;
  private static final int READ_CHUNK = 1024;
  private static final long MAX_BACKOFF_MS = 5_000;
  private static final long LOG_EVERY_MS = 10_000;
  private static final Object TOKEN = new Object();

  /** How big the outbox may grow and how much it sends to Kafka at once. */
  public record Limits(long maxRecords, long maxBytes, int maxKafkaInFlight) {
    public Limits {
      if (maxRecords < 1) throw new IllegalArgumentException("maxRecords must be positive, got " + maxRecords);
      if (maxBytes < 1) throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
      if (maxKafkaInFlight < 1) throw new IllegalArgumentException("maxKafkaInFlight must be positive, got " + maxKafkaInFlight);
    }
  }

  private record Pending(byte[] encoded, Runnable whenSafe) {}

  private record Removal(long sequence, int bytes) {}

  private final OutboxStore store;
  private final Producer<byte[], byte[]> producer;
  private final IngestMetrics metrics;
  private final Limits limits;
  private final String gatewayId;
  private final LinkedBlockingQueue<Pending> incoming = new LinkedBlockingQueue<>();
  private final ConcurrentLinkedQueue<Removal> removals = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Long> retries = new ConcurrentLinkedQueue<>();
  private final ArrayBlockingQueue<Object> writerWakeup = new ArrayBlockingQueue<>(1);
  private final ArrayBlockingQueue<Object> forwarderWakeup = new ArrayBlockingQueue<>(1);
  private final AtomicInteger kafkaInFlight = new AtomicInteger();
  private final AtomicLong consecutiveFailures = new AtomicLong();
  private final AtomicLong lastFailureLogMs = new AtomicLong();
  private final AtomicLong forwarded = new AtomicLong();
  private final ScheduledExecutorService retryTimer;
  private final Thread writer;
  private final Thread forwarder;
  private volatile boolean full;
  private volatile boolean stopWriter;
  private volatile boolean stopForwarder;
  private volatile boolean closing;
  private volatile Throwable writerFailure;

  public OutboxHandoff(OutboxStore store, Producer<byte[], byte[]> producer, Limits limits, IngestMetrics metrics, String gatewayId) {
    this.store = Objects.requireNonNull(store, "store");
    this.producer = Objects.requireNonNull(producer, "producer");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.gatewayId = Objects.requireNonNull(gatewayId, "gatewayId");
    metrics.outboxGauges(store::size, store::bytes, () -> full ? 1 : 0);
    if (store.entriesAtOpen() > 0) {
      metrics.replayed(store.entriesAtOpen());
      LOG.info("outbox {} holds {} records ({} bytes) from a previous run; forwarding them to Kafka first",
          store.directory(), store.entriesAtOpen(), store.bytes());
    }
    this.retryTimer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, gatewayId + "-outbox-retry"));
    this.writer = daemon(this::writeLoop, gatewayId + "-outbox-writer");
    this.forwarder = daemon(this::forwardLoop, gatewayId + "-outbox-forwarder");
    writer.start();
    forwarder.start();
  }

  /** Opens the outbox of this gateway and a Kafka producer for it. */
  public static OutboxHandoff open(IngestConfig config, IngestMetrics metrics) {
    OutboxStore store = OutboxStore.open(config.outboxDir());
    try {
      return new OutboxHandoff(
          store,
          new KafkaProducer<>(producerConfig(config.kafkaBootstrap(), config.gatewayId())),
          new Limits(config.outboxMaxRecords(), config.outboxMaxBytes(), 20_000),
          metrics,
          config.gatewayId());
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** Producer settings: no loss (acks=all, idempotence), batching for throughput. */
  public static Map<String, Object> producerConfig(String bootstrap, String clientId) {
    return Map.ofEntries(
        Map.entry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
        Map.entry(ProducerConfig.CLIENT_ID_CONFIG, clientId),
        Map.entry(ProducerConfig.ACKS_CONFIG, "all"),
        Map.entry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
        Map.entry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5),
        Map.entry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
        // A few ms of linger fill batches at 25k reads/s without hurting the latency much.
        Map.entry(ProducerConfig.LINGER_MS_CONFIG, 5),
        Map.entry(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024),
        // send() blocks while metadata is missing (Kafka away): not for a minute, the forwarder
        // has retries of its own and must notice a close.
        Map.entry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000),
        Map.entry(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()),
        Map.entry(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
  }

  @Override
  public void handOff(OutboundRecord record, Runnable whenSafe) {
    incoming.add(new Pending(OutboxRecordCodec.encode(record), whenSafe));
  }

  // ---------------------------------------------------------------- writer

  private void writeLoop() {
    List<Pending> batch = new ArrayList<>(1024);
    List<byte[]> encoded = new ArrayList<>(1024);
    try {
      while (!stopWriter || !incoming.isEmpty()) {
        applyRemovals();
        Pending first = incoming.poll(20, TimeUnit.MILLISECONDS);
        if (first == null) continue;
        batch.add(first);
        incoming.drainTo(batch, MAX_BATCH - 1);
        int written = 0;
        while (written < batch.size()) {
          int fits = recordsThatFit(batch, written);
          full = fits == 0;
          if (fits == 0) { // back-pressure: wait for Kafka to take records out
            applyRemovals();
            writerWakeup.poll(10, TimeUnit.MILLISECONDS);
            if (stopWriter && closing) break;
            continue;
          }
          encoded.clear();
          for (int i = written; i < written + fits; i++) encoded.add(batch.get(i).encoded());
          long started = System.nanoTime();
          store.append(encoded);
          metrics.outboxSyncNanos(System.nanoTime() - started);
          for (int i = written; i < written + fits; i++) runSafely(batch.get(i).whenSafe());
          written += fits;
          forwarderWakeup.offer(TOKEN);
        }
        batch.clear();
      }
      applyRemovals();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      // The disk failed us: stop acknowledging anything (the broker keeps the messages) and say so.
      writerFailure = t;
      LOG.error("outbox writer stopped: nothing more will be acknowledged to MQTT", t);
    }
  }

  /** How many records from {@code from} fit under the bounds; at least one when the outbox is empty. */
  private int recordsThatFit(List<Pending> batch, int from) {
    long records = store.size();
    long bytes = store.bytes();
    if (records == 0) return Math.max(1, countFitting(batch, from, limits.maxRecords(), limits.maxBytes()));
    return countFitting(batch, from, limits.maxRecords() - records, limits.maxBytes() - bytes);
  }

  private static int countFitting(List<Pending> batch, int from, long recordRoom, long byteRoom) {
    int n = 0;
    long bytes = 0;
    for (int i = from; i < batch.size() && n < recordRoom; i++) {
      bytes += batch.get(i).encoded().length;
      if (bytes > byteRoom) break;
      n++;
    }
    return n;
  }

  private void applyRemovals() {
    Removal removal = removals.poll();
    if (removal == null) return;
    long[] sequences = new long[256];
    int count = 0;
    long bytes = 0;
    while (removal != null) {
      if (count == sequences.length) sequences = java.util.Arrays.copyOf(sequences, count * 2);
      sequences[count++] = removal.sequence();
      bytes += removal.bytes();
      removal = removals.poll();
    }
    store.remove(sequences, count, bytes);
  }

  // ---------------------------------------------------------------- forwarder

  private void forwardLoop() {
    long cursor = store.firstSequenceAtOpen();
    while (!stopForwarder) {
      try {
        int room = limits.maxKafkaInFlight() - kafkaInFlight.get();
        Long retry;
        boolean sending = true;
        while (sending && room > 0 && (retry = retries.poll()) != null) {
          var entry = store.get(retry);
          if (entry.isPresent()) sending = send(entry.get());
          room--;
        }
        if (!sending) continue; // Kafka refuses at once: no point trying more now
        if (room <= 0) {
          forwarderWakeup.poll(20, TimeUnit.MILLISECONDS);
          continue;
        }
        List<OutboxStore.Entry> entries = store.readFrom(cursor, Math.min(room, READ_CHUNK));
        if (entries.isEmpty()) {
          forwarderWakeup.poll(20, TimeUnit.MILLISECONDS);
          continue;
        }
        for (OutboxStore.Entry entry : entries) {
          if (stopForwarder) break;
          cursor = entry.sequence() + 1;
          if (!send(entry)) break; // it is queued for a retry; the rest waits in the outbox
        }
      } catch (InterruptedException e) {
        if (stopForwarder) break;
      } catch (RuntimeException e) {
        LOG.error("outbox forwarder failed unexpectedly; continuing", e);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
      }
    }
  }

  /** @return false when the producer refused the record at once (it is then queued for a retry) */
  private boolean send(OutboxStore.Entry entry) {
    OutboundRecord record = decodeOrDeadLetter(entry);
    long sequence = entry.sequence();
    int size = entry.encoded().length;
    long started = System.nanoTime();
    kafkaInFlight.incrementAndGet();
    try {
      producer.send(
          new ProducerRecord<>(record.kafkaTopic(), record.key(), record.value()),
          (metadata, exception) -> {
            kafkaInFlight.decrementAndGet();
            if (exception == null) {
              consecutiveFailures.set(0);
              metrics.sendLatencyNanos(System.nanoTime() - started);
              metrics.completed(record);
              forwarded.incrementAndGet();
              removals.add(new Removal(sequence, size));
              writerWakeup.offer(TOKEN);
            } else {
              retryLater(sequence, record, exception);
            }
            forwarderWakeup.offer(TOKEN);
          });
      return true;
    } catch (RuntimeException e) {
      // Synchronous failures: metadata timeout while Kafka is away, producer closing.
      kafkaInFlight.decrementAndGet();
      retryLater(sequence, record, e);
      return false;
    }
  }

  /** An entry this gateway cannot read is still never dropped: it goes to the DLQ as it is. */
  private OutboundRecord decodeOrDeadLetter(OutboxStore.Entry entry) {
    try {
      return OutboxRecordCodec.decode(entry.encoded());
    } catch (IllegalArgumentException e) {
      LOG.error("outbox entry {} cannot be decoded ({}); sending its bytes to the dead-letter topic", entry.sequence(), e.getMessage());
      return DeadLetters.of(RejectReason.REJECT_REASON_INTERNAL_ERROR, "undecodable outbox entry: " + e.getMessage(),
          "", entry.encoded(), System.currentTimeMillis(), null, gatewayId);
    }
  }

  private void retryLater(long sequence, OutboundRecord record, Exception cause) {
    metrics.sendFailed();
    long failures = consecutiveFailures.incrementAndGet();
    long now = System.currentTimeMillis();
    long last = lastFailureLogMs.get();
    if (now - last >= LOG_EVERY_MS && lastFailureLogMs.compareAndSet(last, now)) {
      LOG.warn("Kafka send to {} failed ({} in a row), retrying from the outbox ({} records held): {}",
          record.kafkaTopic(), failures, store.size(), cause.toString());
    }
    if (stopForwarder) return; // stays in the outbox: the next start sends it
    long backoff = Math.min(MAX_BACKOFF_MS, 100L << Math.min(failures, 6));
    try {
      retryTimer.schedule(() -> {
        retries.add(sequence);
        forwarderWakeup.offer(TOKEN);
      }, backoff, TimeUnit.MILLISECONDS);
    } catch (RuntimeException rejectedWhileClosing) {
      // closing: the record stays in the outbox for the next start
    }
  }

  // ---------------------------------------------------------------- state and shutdown

  /** Records Kafka acknowledged since this handoff started. */
  public long forwarded() {
    return forwarded.get();
  }

  @Override
  public Health health() {
    boolean alive = writer.isAlive() && forwarder.isAlive() && writerFailure == null;
    boolean belowBound = store.size() < limits.maxRecords() && store.bytes() < limits.maxBytes();
    return new Health(alive || closing, belowBound, store.size());
  }

  /**
   * Writes what was handed off, then gives Kafka at most {@code timeout} to take everything out
   * of the outbox; what is left stays there for the next start.
   */
  @Override
  public void close(Duration timeout) {
    if (closing) return;
    closing = true;
    long deadline = System.nanoTime() + timeout.toNanos();
    stopWriter = true;
    join(writer, deadline);
    while (System.nanoTime() < deadline && store.size() - removals.size() > 0 && forwarder.isAlive()) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
    stopForwarder = true;
    forwarder.interrupt();
    join(forwarder, System.nanoTime() + TimeUnit.SECONDS.toNanos(2));
    retryTimer.shutdownNow();
    producer.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    if (!writer.isAlive()) applyRemovals();
    long left = store.size();
    if (left > 0) {
      LOG.info("outbox {} keeps {} records not yet acknowledged by Kafka; the next start forwards them", store.directory(), left);
    }
    store.close();
  }

  private static void join(Thread thread, long deadlineNanos) {
    try {
      thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void runSafely(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      LOG.error("acknowledging a safe record failed", e);
    }
  }

  private static Thread daemon(Runnable body, String name) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    return t;
  }
}
