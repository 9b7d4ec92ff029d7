package io.lezflow.ingest.frigate;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.schemas.CameraIds;
import io.lezflow.schemas.v1.PlateRead;
import io.lezflow.schemas.v1.RejectReason;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FrigateMapperTest {
  static final FrigateInput INPUT = new FrigateInput("frigate", Map.of("entrance_cam", "bru-cam-0042"), "BE");
  static final FrigateMapper MAPPER = new FrigateMapper(INPUT);
  static final String EVENTS = "frigate/events";
  static final String UPDATES = "frigate/tracked_object_update";
  static final double T = 1_773_567_568.322408;

  static FrigateMapper.Mapping map(String topic, String json) {
    return MAPPER.map(topic, json.getBytes(StandardCharsets.UTF_8));
  }

  static PlateRead mapped(String topic, String json) {
    FrigateMapper.Mapping mapping = map(topic, json);
    assertThat(mapping).isInstanceOf(FrigateMapper.Mapped.class);
    return ((FrigateMapper.Mapped) mapping).read();
  }

  @Test
  void anEventWithARecognisedPlateBecomesAPlateReadOfTheMappedCamera() {
    PlateRead read = mapped(EVENTS, FrigateJson.carEvent("update", "1773567566.224675-m03c53", "entrance_cam", "1ABC234", 0.936, T));

    assertThat(read.getCameraId()).isEqualTo("bru-cam-0042");
    assertThat(read.getReadId()).isEqualTo(CameraIds.readId("bru-cam-0042", read.getSequence()));
    assertThat(read.getSequence()).isNotNegative();
    assertThat(read.getPlateText()).isEqualTo("1ABC234");
    assertThat(read.getPlateCountry()).isEqualTo("BE");
    assertThat(read.getConfidence()).isEqualTo(0.936f);
    assertThat(read.getCapturedAtMs()).isEqualTo(1_773_567_568_322L);
    assertThat(read.getEvidence().getImageKey()).isEqualTo("frigate/entrance_cam/1773567566.224675-m03c53");
  }

  @Test
  void anLprUpdateBecomesAPlateReadWithItsTimestamp() {
    PlateRead read = mapped(UPDATES, FrigateJson.lprUpdate("1773567566.224675-m03c53", "entrance_cam", "1ABC234", 0.9, T + 1));

    assertThat(read.getCameraId()).isEqualTo("bru-cam-0042");
    assertThat(read.getCapturedAtMs()).isEqualTo(1_773_567_569_322L);
    assertThat(read.getConfidence()).isEqualTo(0.9f);
  }

  @Test
  void everyMessageAboutTheSamePlateOfTheSameObjectHasTheSameReadIdSoDownstreamDedupsThem() {
    String id = "1773567566.224675-m03c53";
    String first = mapped(EVENTS, FrigateJson.carEvent("new", id, "entrance_cam", "1ABC234", 0.8, T)).getReadId();
    String update = mapped(EVENTS, FrigateJson.carEvent("update", id, "entrance_cam", "1ABC234", 0.9, T + 0.7)).getReadId();
    String end = mapped(EVENTS, FrigateJson.carEvent("end", id, "entrance_cam", "1ABC234", 0.9, T + 3)).getReadId();
    String lpr = mapped(UPDATES, FrigateJson.lprUpdate(id, "entrance_cam", "1ABC234", 0.9, T + 0.5)).getReadId();
    String refined = mapped(EVENTS, FrigateJson.carEvent("update", id, "entrance_cam", "1ABC284", 0.95, T + 1)).getReadId();
    String otherObject = mapped(EVENTS, FrigateJson.carEvent("new", "1773567999.1-zzzzzz", "entrance_cam", "1ABC234", 0.9, T)).getReadId();

    assertThat(Stream.of(update, end, lpr)).allMatch(first::equals);
    assertThat(refined).as("another OCR result of the object is another read").isNotEqualTo(first);
    assertThat(otherObject).as("another passage of the same car is another read").isNotEqualTo(first);
  }

  static Stream<Arguments> notPlateReads() {
    return Stream.of(
        Arguments.of(EVENTS, FrigateJson.personEvent("1773567566.1-aaaaaa", "entrance_cam", T), "no_plate"),
        Arguments.of(EVENTS, FrigateJson.carEvent("new", "1.1-a", "entrance_cam", "", 0.5, T), "no_plate"),
        Arguments.of(EVENTS, "{\"type\":\"update\",\"after\":{\"id\":\"1.1-a\",\"camera\":\"entrance_cam\",\"recognized_license_plate\":null}}", "no_plate"),
        Arguments.of(UPDATES, "{\"type\": \"description\", \"id\": \"1.1-a\", \"description\": \"a red sedan\"}", "not_lpr"),
        Arguments.of(UPDATES, "{\"type\": \"face\", \"id\": \"1.1-a\", \"name\": \"John\", \"score\": 0.95, \"camera\": \"entrance_cam\", \"timestamp\": 1.0}", "not_lpr"));
  }

  @ParameterizedTest
  @MethodSource("notPlateReads")
  void frigateMessagesWithoutAPlateAreNotPlateReads(String topic, String json, String why) {
    assertThat(map(topic, json)).isEqualTo(new FrigateMapper.NotAPlateRead(why));
  }

  static Stream<Arguments> unmappable() {
    String ok = FrigateJson.carEvent("update", "1.1-a", "entrance_cam", "1ABC234", 0.9, T);
    return Stream.of(
        Arguments.of("camera not mapped", EVENTS, FrigateJson.carEvent("update", "1.1-a", "garage_cam", "1ABC234", 0.9, T), RejectReason.REJECT_REASON_UNMAPPABLE),
        Arguments.of("no score", EVENTS, ok.replace("\"recognized_license_plate_score\"", "\"other_score\""), RejectReason.REJECT_REASON_UNMAPPABLE),
        Arguments.of("score not a number", EVENTS, ok.replaceAll("\"recognized_license_plate_score\": [0-9.]+", "\"recognized_license_plate_score\": \"high\""), RejectReason.REJECT_REASON_UNMAPPABLE),
        Arguments.of("no time", EVENTS, "{\"after\":{\"id\":\"1.1-a\",\"camera\":\"entrance_cam\",\"recognized_license_plate\":\"1ABC234\",\"recognized_license_plate_score\":0.9}}", RejectReason.REJECT_REASON_UNMAPPABLE),
        Arguments.of("plate not a string", EVENTS, "{\"after\":{\"id\":\"1.1-a\",\"camera\":\"entrance_cam\",\"frame_time\":1.0,\"recognized_license_plate\":{\"plate\":\"X\"},\"recognized_license_plate_score\":0.9}}", RejectReason.REJECT_REASON_UNMAPPABLE),
        Arguments.of("no after", EVENTS, "{\"type\":\"update\"}", RejectReason.REJECT_REASON_UNMAPPABLE),
        Arguments.of("no object id", EVENTS, ok.replace("\"id\": \"1.1-a\"", "\"uid\": \"1.1-a\""), RejectReason.REJECT_REASON_UNMAPPABLE),
        Arguments.of("lpr without plate", UPDATES, "{\"type\":\"lpr\",\"id\":\"1.1-a\",\"camera\":\"entrance_cam\",\"score\":0.9,\"timestamp\":1.0}", RejectReason.REJECT_REASON_UNMAPPABLE),
        Arguments.of("lpr of an unmapped camera", UPDATES, FrigateJson.lprUpdate("1.1-a", "garage_cam", "1ABC234", 0.9, T), RejectReason.REJECT_REASON_UNMAPPABLE),
        Arguments.of("lpr with negative time", UPDATES, FrigateJson.lprUpdate("1.1-a", "entrance_cam", "1ABC234", 0.9, -5), RejectReason.REJECT_REASON_UNMAPPABLE),
        Arguments.of("a JSON array", EVENTS, "[1, 2, 3]", RejectReason.REJECT_REASON_UNMAPPABLE),
        Arguments.of("a JSON string", UPDATES, "\"lpr\"", RejectReason.REJECT_REASON_UNMAPPABLE),
        Arguments.of("not JSON", EVENTS, "type=lpr plate=1ABC234", RejectReason.REJECT_REASON_UNPARSABLE),
        Arguments.of("truncated JSON", EVENTS, ok.substring(0, ok.length() / 2), RejectReason.REJECT_REASON_UNPARSABLE),
        Arguments.of("empty", UPDATES, "", RejectReason.REJECT_REASON_UNPARSABLE),
        Arguments.of("deeply nested", EVENTS, "[".repeat(5000) + "]".repeat(5000), RejectReason.REJECT_REASON_UNPARSABLE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unmappable")
  void messagesThatShouldBeReadsButCannotBeAreRejectedWithAReason(String name, String topic, String json, RejectReason reason) {
    FrigateMapper.Mapping mapping = map(topic, json);
    assertThat(mapping).isInstanceOf(FrigateMapper.Unmappable.class);
    FrigateMapper.Unmappable bad = (FrigateMapper.Unmappable) mapping;
    assertThat(bad.reason()).isEqualTo(reason);
    assertThat(bad.detail()).isNotBlank().doesNotContain("1ABC234");
  }

  @Property(tries = 1000)
  void anyBytesGetAnAnswer(@ForAll @Size(max = 400) byte[] payload, @ForAll boolean events) {
    assertThat(MAPPER.map(events ? EVENTS : UPDATES, payload)).isNotNull();
  }

  @Property(tries = 1000)
  void mutatedFrigateJsonGetsAnAnswer(@ForAll @IntRange(min = 0, max = 5000) int position, @ForAll byte value,
      @ForAll @IntRange(min = 0, max = 3000) int cut, @ForAll boolean lpr) {
    String json = lpr ? FrigateJson.lprUpdate("1.1-a", "entrance_cam", "1ABC234", 0.9, T)
        : FrigateJson.carEvent("update", "1.1-a", "entrance_cam", "1ABC234", 0.9, T);
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    bytes[position % bytes.length] = value;
    byte[] truncated = java.util.Arrays.copyOf(bytes, Math.min(bytes.length, cut));
    assertThat(MAPPER.map(lpr ? UPDATES : EVENTS, bytes)).isNotNull();
    assertThat(MAPPER.map(lpr ? UPDATES : EVENTS, truncated)).isNotNull();
  }
}
