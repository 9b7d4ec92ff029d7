package io.lezflow.jobs.hotlist;

import io.lezflow.jobs.SmallLocalJobs;
import com.google.protobuf.InvalidProtocolBufferException;
import io.lezflow.jobs.EnforcementInput;
import io.lezflow.jobs.kafka.PlateReadDeserializer;
import io.lezflow.jobs.records.ReadEvent;
import io.lezflow.schemas.Topics;
import io.lezflow.schemas.v1.CameraRegistration;
import io.lezflow.schemas.v1.HotlistAlert;
import io.lezflow.schemas.v1.HotlistEntry;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The hotlist job, beside the enforcement job: plate reads matched against the police zones'
 * hotlists ({@link Topics#HOTLISTS}) at the cameras of the listing zone ({@link Topics#CAMERAS}),
 * alerts to {@link Topics#HOTLIST_ALERTS} (key = police zone; no plate, the entry's reference).
 * At least once and unbatched (linger 0): an alert is worth more early than deduplicated; its id
 * ({@code entry/read}) lets the consumer drop a repeat. The notifier (police library {@code
 * AlertNotifier}) stores, audits and forwards them to the zone's MQTT topic.
 *
 * <p>Reads start at the latest offsets: a hotlist is about now. Hotlists and cameras are read from
 * the earliest (compacted topics) into broadcast state.
 */
public final class HotlistJob {
  public static final String JOB_NAME = "lezflow-hotlist";
  private static final TypeInformation<ReadEvent> READ = TypeInformation.of(ReadEvent.class);
  private static final TypeInformation<HotlistReference> REF = TypeInformation.of(HotlistReference.class);
  private static final TypeInformation<HotlistAlertRecord> ALERT = TypeInformation.of(HotlistAlertRecord.class);

  private final EnforcementInput<ReadEvent> reads;
  private final EnforcementInput<HotlistReference> entries;
  private final EnforcementInput<HotlistReference> cameras;
  private final HotlistMatchFunction matcher;
  private final Sink<HotlistAlertRecord> alerts;

  public HotlistJob(EnforcementInput<ReadEvent> reads, EnforcementInput<HotlistReference> entries,
      EnforcementInput<HotlistReference> cameras, HotlistMatchFunction matcher, Sink<HotlistAlertRecord> alerts) {
    this.reads = Objects.requireNonNull(reads);
    this.entries = Objects.requireNonNull(entries);
    this.cameras = Objects.requireNonNull(cameras);
    this.matcher = Objects.requireNonNull(matcher);
    this.alerts = alerts;
  }

  public static HotlistJob onKafka(String bootstrap, String currentSecret, String previousSecrets) {
    KafkaSource<ReadEvent> readSource = KafkaSource.<ReadEvent>builder().setBootstrapServers(bootstrap).setTopics(Topics.PLATE_READS)
        .setGroupId("lezflow-hotlist").setClientIdPrefix("lez-hotlist-reads").setStartingOffsets(OffsetsInitializer.latest())
        .setDeserializer(new PlateReadDeserializer()).build();
    KafkaSource<HotlistReference> entrySource = KafkaSource.<HotlistReference>builder().setBootstrapServers(bootstrap)
        .setTopics(Topics.HOTLISTS).setGroupId("lezflow-hotlist").setClientIdPrefix("lez-hotlist-entries")
        .setStartingOffsets(OffsetsInitializer.earliest()).setDeserializer(new References()).build();
    KafkaSource<HotlistReference> cameraSource = KafkaSource.<HotlistReference>builder().setBootstrapServers(bootstrap)
        .setTopics(Topics.CAMERAS).setGroupId("lezflow-hotlist").setClientIdPrefix("lez-hotlist-cameras")
        .setStartingOffsets(OffsetsInitializer.earliest()).setDeserializer(new References()).build();
    KafkaSink<HotlistAlertRecord> sink = KafkaSink.<HotlistAlertRecord>builder().setBootstrapServers(bootstrap)
        .setRecordSerializer(new AlertSerializer(Topics.HOTLIST_ALERTS)).setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .setProperty("linger.ms", "0").build();
    return new HotlistJob(EnforcementInput.fromSource(readSource), EnforcementInput.fromSource(entrySource),
        EnforcementInput.fromSource(cameraSource), new HotlistMatchFunction(currentSecret, previousSecrets), sink);
  }

  public DataStream<HotlistAlertRecord> buildTopology(StreamExecutionEnvironment env) {
    DataStream<ReadEvent> readStream = reads.attach(env, WatermarkStrategy.noWatermarks(), READ, "plate reads", "hotlist-reads-source");
    DataStream<HotlistReference> refs = entries.attach(env, WatermarkStrategy.noWatermarks(), REF, "hotlist entries", "hotlist-entries-source")
        .union(cameras.attach(env, WatermarkStrategy.noWatermarks(), REF, "camera registry", "hotlist-cameras-source"));
    SingleOutputStreamOperator<HotlistAlertRecord> matched = readStream
        .connect(refs.broadcast(HotlistMatchFunction.ENTRIES, HotlistMatchFunction.CAMERAS))
        .process(matcher, ALERT)
        .name("match reads against the zone's hotlists")
        .uid("hotlist-match");
    if (alerts != null) matched.sinkTo(alerts).name("hotlist alerts sink").uid("hotlist-alerts-sink");
    return matched;
  }

  public JobClient start(StreamExecutionEnvironment env) throws Exception {
    buildTopology(env);
    return env.executeAsync(JOB_NAME);
  }

  /** A MiniCluster for the job in this JVM ({@link SmallLocalJobs}). */
  public static StreamExecutionEnvironment localEnvironment() {
    return SmallLocalJobs.environment(JOB_NAME);
  }

  /** Hotlist entries and camera registrations to {@link HotlistReference}; unparsable records skipped and counted. */
  static final class References implements KafkaRecordDeserializationSchema<HotlistReference> {
    private static final long serialVersionUID = 1L;
    private transient Counter rejected;

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
      rejected = context.getMetricGroup().counter("lez_hotlist_reference_rejected_total");
    }

    @Override
    public void deserialize(org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> record, Collector<HotlistReference> out) {
      if (rejected == null) rejected = new SimpleCounter();
      if (record.value() == null) return; // a tombstone
      try {
        if (Topics.HOTLISTS.equals(record.topic())) {
          HotlistEntry e = HotlistEntry.parseFrom(record.value());
          if (e.getEntryId().isBlank()) {
            rejected.inc();
            return;
          }
          out.collect(HotlistReference.entry(e.getEntryId(), e.getPoliceZone(), e.getHmacKeyId(), e.getVehicleHash().toByteArray(),
              e.getVehicleFoldHash().toByteArray(), e.getReference(), e.getReason(), e.getExpiresAtMs(), e.getRemoved()));
        } else {
          CameraRegistration c = CameraRegistration.parseFrom(record.value());
          if (c.getCameraId().isBlank()) {
            rejected.inc();
            return;
          }
          out.collect(HotlistReference.camera(c.getCameraId(), c.getPoliceZone(), c.getLatitude(), c.getLongitude(), c.getActive()));
        }
      } catch (InvalidProtocolBufferException e) {
        rejected.inc();
      }
    }

    @Override
    public TypeInformation<HotlistReference> getProducedType() {
      return REF;
    }
  }

  /** {@link HotlistAlertRecord} to {@code HotlistAlert} Protobuf keyed by police zone. */
  static final class AlertSerializer implements KafkaRecordSerializationSchema<HotlistAlertRecord> {
    private static final long serialVersionUID = 1L;
    private final String topic;

    AlertSerializer(String topic) {
      this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(HotlistAlertRecord a, KafkaSinkContext context, Long timestamp) {
      return new ProducerRecord<>(topic, null, null, a.policeZone.getBytes(StandardCharsets.UTF_8), toProto(a).toByteArray());
    }
  }

  static HotlistAlert toProto(HotlistAlertRecord a) {
    return HotlistAlert.newBuilder().setAlertId(a.alertId).setEntryId(a.entryId).setPoliceZone(a.policeZone)
        .setReference(nullToEmpty(a.reference)).setReason(nullToEmpty(a.reason)).setReadId(a.readId).setCameraId(a.cameraId)
        .setCapturedAtMs(a.capturedAtMs).setMatch(a.match).setConfidence(a.confidence).setImageKey(nullToEmpty(a.imageKey))
        .setLatitude(a.latitude).setLongitude(a.longitude).setMatchedAtMs(a.matchedAtMs).build();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
