package io.lezflow.benchmarks;

import io.lezflow.ingest.validation.PlateReadValidator;
import io.lezflow.ingest.validation.ReadVerdict;
import io.lezflow.ingest.validation.ValidationLimits;
import io.lezflow.jobs.records.ReadEvent;
import io.lezflow.rules.decision.Candidate;
import io.lezflow.rules.decision.CandidateCodec;
import io.lezflow.rules.decision.Decision;
import io.lezflow.rules.decision.EnforcementDecider;
import io.lezflow.rules.facts.Permits;
import io.lezflow.rules.facts.ReadFacts;
import io.lezflow.rules.facts.VehicleMatch;
import io.lezflow.rules.model.Fuel;
import io.lezflow.rules.model.VehicleCategory;
import io.lezflow.rules.model.VehicleFacts;
import io.lezflow.rules.model.VehicleUse;
import io.lezflow.rules.policy.PolicyTimeline;
import io.lezflow.rules.policy.json.ShippedPolicies;
import io.lezflow.schemas.CameraIds;
import io.lezflow.schemas.plates.OcrFold;
import io.lezflow.schemas.plates.PlateMatch;
import io.lezflow.schemas.plates.PlateMatcher;
import io.lezflow.schemas.v1.Direction;
import io.lezflow.schemas.v1.Evidence;
import io.lezflow.schemas.v1.PlateRead;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-read hot paths of the pipeline, each on its own: what a read costs in ingest (parse and
 * validate the camera's payload), in the enforcement job (fold the plate, match it against the
 * register entries under its folded key, decide) and in its state (the serializers Flink uses for
 * held reads, and the candidate codec). Figures are ns/op on this machine; compare them with each
 * other and with earlier runs on the same machine, not across machines.
 *
 * <p>Run: {@code mvn -B -q -Pbenchmarks -pl benchmarks -am -DskipTests package && java -jar benchmarks/target/benchmarks.jar}
 * (add a regular expression to run a subset, e.g. {@code HotPathBenchmarks.decide}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class HotPathBenchmarks {
  private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");

  private byte[] payload;
  private PlateReadValidator validator;
  private String readKey;
  private String fuzzyReadKey;
  private List<VehicleFacts> registerEntries;
  private EnforcementDecider decider;
  private PolicyTimeline brussels;
  private ReadFacts read;
  private VehicleMatch match;
  private Permits noPermits;
  private Candidate candidate;
  private byte[] encodedCandidate;
  private TypeSerializer<ReadEvent> readEventSerializer;
  private ReadEvent readEvent;
  private byte[] serializedReadEvent;
  private DataOutputSerializer out;

  @Setup
  public void setUp() throws Exception {
    Instant capturedAt = ZonedDateTime.of(2026, 11, 2, 9, 15, 0, 0, BRUSSELS).toInstant();
    String camera = CameraIds.of("bru", 17);
    PlateRead plateRead = PlateRead.newBuilder()
        .setReadId(CameraIds.readId(camera, 4242))
        .setCameraId(camera)
        .setSequence(4242)
        .setCapturedAtMs(capturedAt.toEpochMilli())
        .setPublishedAtMs(capturedAt.toEpochMilli() + 40)
        .setPlateText("1-ABC-123")
        .setPlateCountry("BE")
        .setConfidence(0.94f)
        .setLane(2)
        .setDirection(Direction.DIRECTION_INBOUND)
        .setEvidence(Evidence.newBuilder().setImageKey("evidence/" + camera + "/4242.jpg").setImageSha256("ab".repeat(32)))
        .build();
    payload = plateRead.toByteArray();
    validator = new PlateReadValidator(ValidationLimits.DEFAULTS, Clock.fixed(capturedAt.plusSeconds(1), BRUSSELS));

    readKey = "BE:1ABC123";
    fuzzyReadKey = "BE:1A8C123"; // B read as 8: an OCR confusion the matcher must see through
    registerEntries = List.of(
        vehicle("BE:1ABC123", Fuel.DIESEL, 3),
        vehicle("BE:1A8C123", Fuel.PETROL, 6), // a second vehicle under the same folded key
        vehicle("BE:1ABC128", Fuel.PETROL, 5));

    decider = new EnforcementDecider();
    brussels = ShippedPolicies.timelines().get("brussels");
    read = new ReadFacts(plateRead.getReadId(), camera, "brussels", capturedAt, readKey, "BE", 0.94f, "ab".repeat(32));
    match = VehicleMatch.exact(registerEntries.get(0));
    noPermits = Permits.builder().build();
    Decision decision = decider.evaluate(read, match, noPermits, brussels);
    if (!decision.isCandidate()) throw new IllegalStateException("the benchmark read should be a candidate, got " + decision.outcome());
    candidate = decision.candidate();
    encodedCandidate = CandidateCodec.encode(candidate);

    readEventSerializer = TypeInformation.of(ReadEvent.class).createSerializer(new SerializerConfigImpl());
    readEvent = new ReadEvent(plateRead.getReadId(), camera, capturedAt.toEpochMilli(), "1-ABC-123", "BE", readKey, 0.94f,
        "evidence/" + camera + "/4242.jpg", "ab".repeat(32), capturedAt.toEpochMilli() + 40);
    out = new DataOutputSerializer(256);
    readEventSerializer.serialize(readEvent, out);
    serializedReadEvent = out.getCopyOfBuffer();
  }

  private static VehicleFacts vehicle(String key, Fuel fuel, int euroNorm) {
    return new VehicleFacts(key, VehicleCategory.M1, fuel, euroNorm, null, LocalDate.of(2009, 3, 1), false, VehicleUse.ORDINARY);
  }

  /** Ingest: the camera's bytes to a verdict (Protobuf parse, read id, plate format, capture time). */
  @Benchmark
  public ReadVerdict parseAndValidatePayload() {
    return validator.validate("bru-0017", payload);
  }

  @Benchmark
  public PlateRead parsePayloadOnly() throws IOException {
    return PlateRead.parseFrom(payload);
  }

  /** The job's keying: country and plate to the OCR-folded key. */
  @Benchmark
  public String normalisePlate() {
    return OcrFold.key("BE", "1-ABC-123");
  }

  @Benchmark
  public PlateMatch<VehicleFacts> matchExact() {
    return PlateMatcher.match(readKey, registerEntries, VehicleFacts::vehicleKey);
  }

  @Benchmark
  public PlateMatch<VehicleFacts> matchFuzzy() {
    return PlateMatcher.match(fuzzyReadKey, registerEntries, VehicleFacts::vehicleKey);
  }

  /** The rules: one read of a banned vehicle against the Brussels policy timeline. */
  @Benchmark
  public Decision decide() {
    return decider.evaluate(read, match, noPermits, brussels);
  }

  @Benchmark
  public byte[] encodeCandidate() {
    return CandidateCodec.encode(candidate);
  }

  @Benchmark
  public Candidate decodeCandidate() {
    return CandidateCodec.decode(encodedCandidate);
  }

  /** Flink's serializer of a held read (state and network), as the job configures it (no Kryo). */
  @Benchmark
  public int serializeReadEvent() throws IOException {
    out.clear();
    readEventSerializer.serialize(readEvent, out);
    return out.length();
  }

  @Benchmark
  public ReadEvent deserializeReadEvent() throws IOException {
    return readEventSerializer.deserialize(new DataInputDeserializer(serializedReadEvent));
  }
}
