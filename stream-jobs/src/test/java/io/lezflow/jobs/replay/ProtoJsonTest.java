package io.lezflow.jobs.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lezflow.schemas.v1.Fuel;
import io.lezflow.schemas.v1.PlateRead;
import io.lezflow.schemas.v1.VehicleRecord;
import io.lezflow.schemas.v1.Violation;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProtoJsonTest {

  @Test
  void readsProtoNamesCamelCaseNamesNestedMessagesEnumsAndIsoTimes() throws Exception {
    PlateRead read = ProtoJson.merge("""
        {"read_id": "c:1", "cameraId": "c", "sequence": "18446744073709551615", "captured_at_ms": "2026-11-02T08:15:00+01:00",
         "published_at_ms": 1793603700500, "confidence": 0.5, "direction": "DIRECTION_INBOUND", "lane": 2,
         "evidence": {"image_sha256": "ab"}}""", PlateRead.newBuilder()).build();

    assertThat(read.getReadId()).isEqualTo("c:1");
    assertThat(read.getCameraId()).isEqualTo("c");
    assertThat(read.getCapturedAtMs()).isEqualTo(Instant.parse("2026-11-02T07:15:00Z").toEpochMilli());
    assertThat(read.getPublishedAtMs()).isEqualTo(1_793_603_700_500L);
    assertThat(read.getConfidence()).isEqualTo(0.5f);
    assertThat(read.getDirectionValue()).isEqualTo(1);
    assertThat(read.getLane()).isEqualTo(2);
    assertThat(read.getEvidence().getImageSha256()).isEqualTo("ab");
  }

  @Test
  void enumsByNumberRepeatedFieldsAndNullsAreAccepted() throws Exception {
    VehicleRecord v = ProtoJson.merge("{\"fuel\": 1, \"crit_air\": -1, \"plate\": null}", VehicleRecord.newBuilder()).build();
    assertThat(v.getFuel()).isEqualTo(Fuel.FUEL_DIESEL);
    assertThat(v.getCritAir()).isEqualTo(-1);

    Violation w = ProtoJson.merge("{\"read_ids\": [\"a\", \"b\"]}", Violation.newBuilder()).build();
    assertThat(w.getReadIdsList()).containsExactly("a", "b");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "{\"plate\": \"x\"}                 | unknown field 'plate' of PlateRead",
    "{\"confidence\": \"high\"}         | field 'confidence' must be a number",
    "{\"lane\": -1}                     | field 'lane' is out of range",
    "{\"sequence\": 1.5}                | field 'sequence' must be a whole number",
    "{\"direction\": \"NORTH\"}         | field 'direction' must be one of",
    "{\"evidence\": \"img\"}            | field 'evidence' must be an object",
    "{\"evidence\": {\"size\": 3}}      | unknown field 'evidence.size' of Evidence",
    "{\"captured_at_ms\": \"yesterday\"} | field 'captured_at_ms' must be epoch milliseconds or an ISO-8601 instant",
    "{\"read_id\": 7}                   | field 'read_id' must be a string",
    "[1, 2]                             | not a JSON object",
    "{read_id: 1                        | not JSON",
  })
  void invalidInputIsAnErrorThatNamesTheField(String json, String message) {
    assertThatThrownBy(() -> ProtoJson.merge(json, PlateRead.newBuilder()))
        .isInstanceOf(ProtoJson.InvalidJsonException.class)
        .hasMessageContaining(message);
  }
}
