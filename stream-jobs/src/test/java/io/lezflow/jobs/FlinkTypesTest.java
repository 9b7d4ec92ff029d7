package io.lezflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.jobs.domain.ReadEvent;
import io.lezflow.jobs.domain.Sighting;
import io.lezflow.jobs.domain.VehicleFacts;
import io.lezflow.jobs.domain.ViolationRecord;
import java.util.stream.Stream;
import org.apache.flink.api.common.ExecutionConfig;
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
    VehicleFacts facts = VehicleFacts.of("BE:1ABC234", io.lezflow.jobs.domain.VehicleCategory.M1,
        io.lezflow.jobs.domain.Fuel.DIESEL, 4, "2010-01-01", false, false, 5L);
    Sighting sighting = new Sighting("c:1", 10L, "c", "BRU", new byte[] {1, 2, 3}, io.lezflow.jobs.domain.Outcome.VIOLATION);
    ViolationRecord violation = new ViolationRecord();
    violation.violationId = "BRU-2026-03-10-x";
    violation.readIds = new String[] {"c:1", "c:2"};
    violation.enforcementDay = "2026-03-10";
    violation.explanation = "why";
    return Stream.of(read, facts, sighting, violation);
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
