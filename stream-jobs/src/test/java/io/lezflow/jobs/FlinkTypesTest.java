package io.lezflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.jobs.enforce.PendingViolation;
import io.lezflow.jobs.records.ControlChange;
import io.lezflow.jobs.records.DecisionRecord;
import io.lezflow.jobs.records.KeyedChange;
import io.lezflow.jobs.records.KeyedEvent;
import io.lezflow.jobs.records.ReadEvent;
import io.lezflow.jobs.records.Sighting;
import io.lezflow.jobs.records.ViolationRecord;
import io.lezflow.rules.decision.Candidate;
import io.lezflow.rules.model.ViolationType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.stream.Stream;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every type that crosses operators or lives in state is a Flink POJO, serialisable with generic types off. */
class FlinkTypesTest {

  static Stream<Object> samples() {
    ReadEvent read = new ReadEvent("c:1", "c", 10L, "1-ABC-234", "BE", "BE:1ABC234", 0.9f, "k", "h", 11L);
    KeyedChange change = new KeyedChange(KeyedChange.Kind.PERMIT, "BE:1ABC234", "P-1", 5L, new byte[] {1, 2});
    ControlChange control = new ControlChange(ControlChange.Kind.CAMERA_REMOVED, "cam", 6L, null);
    Sighting sighting = new Sighting("c:1", 10L, "c", "brussels", new byte[] {1, 2, 3}, "CANDIDATE");
    ViolationRecord violation = new ViolationRecord();
    violation.violationId = "brussels-2026-03-10-x";
    violation.readIds = new String[] {"c:1", "c:2"};
    violation.enforcementDay = "2026-03-10";
    violation.explanation = "why";
    DecisionRecord decision = new DecisionRecord();
    decision.stage = DecisionRecord.Stage.FINAL;
    decision.outcome = "ISSUE";
    decision.readIds = new String[] {"c:1"};
    decision.fineCents = 35_000;
    Candidate candidate = new Candidate("c:1", "c", "brussels", 1, Instant.ofEpochMilli(10L), LocalDate.parse("2026-03-10"),
        Instant.ofEpochMilli(20L), "BE:1ABC234", "BE:1ABC234", "BE", 0.9f, "", ViolationType.EMISSION_BAN, "r", "e",
        null, null, "", "brussels-2026-03-10-x");
    return Stream.of(read, change, control, KeyedEvent.ofRead("BE:1A8C234", read), KeyedEvent.ofChange("BE:1A8C234", change),
        sighting, violation, decision, PendingViolation.of(candidate, 20L));
  }

  @ParameterizedTest
  @MethodSource("samples")
  @SuppressWarnings("unchecked")
  void isAPojoThatRoundTripsWithoutKryo(Object sample) throws Exception {
    TypeInformation<Object> type = (TypeInformation<Object>) TypeInformation.of(sample.getClass());
    assertThat(type).isInstanceOf(PojoTypeInfo.class);

    SerializerConfigImpl noGenerics = new SerializerConfigImpl();
    noGenerics.setGenericTypes(false);
    TypeSerializer<Object> serializer = type.createSerializer(noGenerics);
    DataOutputSerializer out = new DataOutputSerializer(256);
    serializer.serialize(sample, out);
    Object copy = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

    assertThat(copy).isEqualTo(sample);
  }
}
