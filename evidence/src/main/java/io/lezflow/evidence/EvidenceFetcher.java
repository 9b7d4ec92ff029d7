package io.lezflow.evidence;

import io.lezflow.schemas.v1.Violation;
import com.google.protobuf.InvalidProtocolBufferException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the images of candidate violations and warnings from the cameras into the evidence
 * store. Its own Kafka consumer of the violations topic (read_committed: the enforcement job
 * writes it exactly once, in transactions), so the pipeline never waits for a camera: per polled
 * batch it plans one image per violation, skips those already stored, fetches the rest
 * concurrently, verifies each against the SHA-256 the camera sent with the read, writes the
 * accepted images and the alarms in one transaction, and only then commits the batch's offsets
 * (at least once; the content-addressed store makes a redelivery write nothing).
 *
 * <p>Only violations reach this topic, so an image of a compliant read is never asked for: it
 * stays on its camera until the camera's retention purges it.
 */
public final class EvidenceFetcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EvidenceFetcher.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration MAX_STORE_BACKOFF = Duration.ofSeconds(30);

  private final EvidenceFetcherConfig config;
  private final EvidenceMetrics metrics = new EvidenceMetrics();
  private final CameraImageClient cameras;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread thread;
  private volatile boolean running = true;

  private EvidenceFetcher(EvidenceFetcherConfig config) {
    this.config = config;
    this.cameras = new CameraImageClient(config);
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, config.groupId() + "-consumer");
    this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(this::run, "lez-evidence-fetcher");
    this.thread.setDaemon(true);
  }

  /** Subscribes and starts fetching in a thread of its own. */
  public static EvidenceFetcher start(EvidenceFetcherConfig config) {
    EvidenceFetcher fetcher = new EvidenceFetcher(config);
    fetcher.consumer.subscribe(List.of(config.violationsTopic()));
    fetcher.thread.start();
    return fetcher;
  }

  public EvidenceMetrics metrics() {
    return metrics;
  }

  private void run() {
    try (EvidenceStore store = new EvidenceStore(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword())) {
      while (running) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        if (records.isEmpty()) continue;
        List<Violation> violations = parse(records);
        if (!processUntilStored(store, violations)) return;
        consumer.commitSync();
      }
    } catch (WakeupException e) {
      if (running) throw e;
    } catch (RuntimeException e) {
      LOG.error("Evidence fetcher stopped on an unexpected error; restart it to resume from its last committed position", e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private List<Violation> parse(ConsumerRecords<byte[], byte[]> records) {
    List<Violation> violations = new ArrayList<>(records.count());
    for (ConsumerRecord<byte[], byte[]> r : records) {
      try {
        violations.add(Violation.parseFrom(r.value() == null ? new byte[0] : r.value()));
      } catch (InvalidProtocolBufferException e) {
        metrics.unparsable();
        LOG.error("Skipping a record that is not a Violation: {} partition {} offset {}", r.topic(), r.partition(), r.offset());
      }
    }
    metrics.consumed(violations.size());
    return violations;
  }

  /** Retries a store failure with back-off (the batch is not committed meanwhile); false when closed first. */
  private boolean processUntilStored(EvidenceStore store, List<Violation> violations) {
    Duration backoff = Duration.ofSeconds(1);
    boolean warned = false;
    while (running) {
      try {
        process(store, violations);
        if (warned) LOG.info("Evidence store reachable again; fetching resumes");
        return true;
      } catch (SQLException e) {
        if (!warned) {
          LOG.warn("Evidence store unavailable ({}); retrying every {} s up to {} s, the batch stays uncommitted",
              e.getMessage(), backoff.toSeconds(), MAX_STORE_BACKOFF.toSeconds());
          warned = true;
        }
        // In slices, so that close() never waits for a whole back-off.
        long until = System.nanoTime() + backoff.toNanos();
        while (running && System.nanoTime() < until) {
          try {
            Thread.sleep(100);
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
          }
        }
        backoff = backoff.multipliedBy(2).compareTo(MAX_STORE_BACKOFF) > 0 ? MAX_STORE_BACKOFF : backoff.multipliedBy(2);
      }
    }
    return false;
  }

  private void process(EvidenceStore store, List<Violation> violations) throws SQLException {
    // One request per image: a violation republished in the batch (or a fine and its warning on
    // the same read) asks the camera once.
    Map<String, EvidenceRequest> toFetch = new LinkedHashMap<>();
    List<Alarm> alarms = new ArrayList<>();
    for (Violation v : violations) {
      EvidencePlans.Plan plan = EvidencePlans.plan(v);
      if (plan instanceof EvidencePlans.Fetch fetch) {
        toFetch.putIfAbsent(fetch.request().expectedSha256(), fetch.request());
      } else {
        alarms.add(((EvidencePlans.Refuse) plan).alarm());
      }
    }
    Set<String> stored = store.alreadyStored(toFetch.keySet());
    List<EvidenceRequest> requests = toFetch.values().stream().filter(r -> !stored.contains(r.expectedSha256())).toList();
    List<FetchResult> results = cameras.fetchAll(requests);
    List<StoredImage> images = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      EvidencePlans.Verdict verdict = EvidencePlans.judge(requests.get(i), results.get(i));
      if (verdict instanceof EvidencePlans.Accept accept) {
        images.add(accept.image());
      } else {
        alarms.add(((EvidencePlans.Reject) verdict).alarm());
      }
    }
    EvidenceStore.Written written = store.write(images, alarms);
    metrics.written(written);
    if (written.hashMismatches() > 0) {
      LOG.warn("{} evidence image(s) refused: SHA-256 differs from the camera's (see evidence_alarms)", written.hashMismatches());
    }
  }

  /** Stops polling, finishes or abandons the batch in hand (uncommitted: fetched again next start). */
  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(Duration.ofSeconds(15).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
