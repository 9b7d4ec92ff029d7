package io.lezflow.jobs.kafka;

import io.lezflow.jobs.records.ReadEvent;
import io.lezflow.jobs.records.ViolationRecord;
import io.lezflow.schemas.v1.Evidence;
import io.lezflow.jobs.records.KeyedChange;
import io.lezflow.schemas.v1.PlateRead;
import io.lezflow.schemas.v1.VehicleHistoryEntry;
import io.lezflow.schemas.v1.RejectReason;
import io.lezflow.schemas.v1.Rejected;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetIdentifier;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacetProvider;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.TransactionNamingStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The Kafka outputs of the enforcement. */
public final class KafkaSinks {
  private KafkaSinks() {}

  /**
   * Kafka transactions must outlive a checkpoint interval plus a restart, and must stay under the
   * broker's {@code transaction.max.timeout.ms} (15 min by default): the connector's own default
   * (1 h) is refused by a default broker.
   */
  static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(15);

  /** The source of the dead-lettered late reads, in {@code Rejected.gateway_id}. */
  public static final String DEAD_LETTER_ORIGIN = "lezflow-enforcement";

  /**
   * Violations ({@code Violation} Protobuf, key = vehicle key) written exactly once: in Kafka
   * transactions committed with Flink's checkpoints, so a {@code read_committed} consumer sees each
   * violation once, also across failures and restarts.
   *
   * @param transactionalIdPrefix unique per deployment of the job (two jobs sharing one would abort
   *     each other's transactions), and the same across its restarts
   */
  public static KafkaSink<ViolationRecord> violationsExactlyOnce(String bootstrap, String topic, String transactionalIdPrefix) {
    return KafkaSink.<ViolationRecord>builder()
        .setBootstrapServers(bootstrap)
        .setRecordSerializer(new ViolationSerializer(topic))
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(transactionalIdPrefix)
        .setTransactionNamingStrategy(TransactionNamingStrategy.POOLING)
        .setProperty("transaction.timeout.ms", String.valueOf(TRANSACTION_TIMEOUT.toMillis()))
        .build();
  }

  /**
   * Late reads as {@code Rejected} (reason CAPTURE_TOO_OLD, key = camera id) on the dead-letter
   * topic, where the ingest gateway's rejects are too: kept for inspection and for a replay. At
   * least once: a duplicate dead letter is harmless, its read id says which read it is.
   */
  public static KafkaSink<ReadEvent> lateReadsToDeadLetters(String bootstrap, String topic) {
    return KafkaSink.<ReadEvent>builder()
        .setBootstrapServers(bootstrap)
        .setRecordSerializer(new LateReadSerializer(topic))
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .build();
  }

  /**
   * The job's own fines, warnings and day passes used ({@link KeyedChange.Kind#HISTORY}) on the
   * compacted history topic, keyed by entry ({@code Topics.historyKey}), exactly once like the
   * violations: an entry of a fine that a failure rolled back must never reach a reader (a job
   * restored from its checkpoint, reading the topic {@code read_committed}, would otherwise take
   * the fine as already issued and drop it).
   *
   * @param transactionalIdPrefix unique per deployment of the job, the same across its restarts
   */
  public static KafkaSink<KeyedChange> historyExactlyOnce(String bootstrap, String topic, String transactionalIdPrefix) {
    return KafkaSink.<KeyedChange>builder()
        .setBootstrapServers(bootstrap)
        .setRecordSerializer(new HistorySerializer(topic))
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(transactionalIdPrefix)
        .setTransactionNamingStrategy(TransactionNamingStrategy.POOLING)
        .setProperty("transaction.timeout.ms", String.valueOf(TRANSACTION_TIMEOUT.toMillis()))
        .build();
  }

  /** A history change to its {@code VehicleHistoryEntry} bytes under the entry's key. */
  public static final class HistorySerializer implements KafkaRecordSerializationSchema<KeyedChange>, KafkaDatasetFacetProvider {
    private static final long serialVersionUID = 1L;
    private final String topic;

    public HistorySerializer(String topic) {
      this.topic = topic;
    }

    @Override
    public Optional<KafkaDatasetFacet> getKafkaDatasetFacet() {
      return Optional.of(new DefaultKafkaDatasetFacet(DefaultKafkaDatasetIdentifier.ofTopics(List.of(topic))));
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(KeyedChange change, KafkaSinkContext context, Long timestamp) {
      String key;
      try {
        key = WireMapping.historyKey(VehicleHistoryEntry.parseFrom(change.payload));
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        throw new IllegalStateException("the job wrote a history entry that does not parse", e);
      }
      // Publication time as the record time: compaction, not time retention, bounds the topic.
      return new ProducerRecord<>(topic, null, null, key.getBytes(StandardCharsets.UTF_8), change.payload);
    }
  }

  /**
   * {@link ViolationRecord} to {@code Violation} Protobuf keyed by vehicle key. Names its topic
   * ({@link KafkaDatasetFacetProvider}), which the POOLING transaction naming needs to find
   * lingering transactions on recovery.
   */
  public static final class ViolationSerializer
      implements KafkaRecordSerializationSchema<ViolationRecord>, KafkaDatasetFacetProvider {
    private static final long serialVersionUID = 1L;
    private final String topic;

    public ViolationSerializer(String topic) {
      this.topic = topic;
    }

    @Override
    public Optional<KafkaDatasetFacet> getKafkaDatasetFacet() {
      return Optional.of(new DefaultKafkaDatasetFacet(DefaultKafkaDatasetIdentifier.ofTopics(List.of(topic))));
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(ViolationRecord v, KafkaSinkContext context, Long timestamp) {
      // No record timestamp from the element: that is event time (the capture), and Kafka's
      // time-based retention would delete a violation of an old read (a replay) at once.
      return new ProducerRecord<>(topic, null, null, v.vehicleKey.getBytes(StandardCharsets.UTF_8),
          WireMapping.toProto(v).toByteArray());
    }
  }

  /** A late {@link ReadEvent} to a {@code Rejected} dead letter holding the read as a {@code PlateRead}. */
  public static final class LateReadSerializer implements KafkaRecordSerializationSchema<ReadEvent> {
    private static final long serialVersionUID = 1L;
    private final String topic;

    public LateReadSerializer(String topic) {
      this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(ReadEvent read, KafkaSinkContext context, Long timestamp) {
      // Publication time, not the (old) capture time: retention must count from now.
      return new ProducerRecord<>(topic, null, null, read.cameraId.getBytes(StandardCharsets.UTF_8),
          deadLetter(read, System.currentTimeMillis()).toByteArray());
    }

    /** The dead letter of a late read; the read is rebuilt from what the job kept of it (no lane, direction, sequence). */
    public static Rejected deadLetter(ReadEvent read, long nowMs) {
      PlateRead wire = PlateRead.newBuilder()
          .setReadId(read.readId)
          .setCameraId(read.cameraId)
          .setCapturedAtMs(read.capturedAtMs)
          .setPlateText(read.plateText == null ? "" : read.plateText)
          .setPlateCountry(read.country == null ? "" : read.country)
          .setConfidence(read.confidence)
          .setEvidence(Evidence.newBuilder()
              .setImageKey(read.imageKey == null ? "" : read.imageKey)
              .setImageSha256(read.imageSha256 == null ? "" : read.imageSha256))
          .setPublishedAtMs(read.publishedAtMs)
          .build();
      return Rejected.newBuilder()
          .setReason(RejectReason.REJECT_REASON_CAPTURE_TOO_OLD)
          .setDetail("late read: captured further behind the enforcement's event time than the allowed lateness; "
              + "not decided (replay it with lezflow replay)")
          .setRawPayload(wire.toByteString())
          .setReceivedAtMs(nowMs)
          .setCameraId(read.cameraId)
          .setGatewayId(DEAD_LETTER_ORIGIN)
          .build();
    }
  }
}
