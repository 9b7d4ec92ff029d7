package io.lezflow.ingest.frigate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lezflow.schemas.CameraIds;
import io.lezflow.schemas.v1.Evidence;
import io.lezflow.schemas.v1.PlateRead;
import io.lezflow.schemas.v1.RejectReason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * Turns the JSON that Frigate NVR publishes about licence plates into {@link PlateRead}s. Pure:
 * no I/O, no clock.
 *
 * <p>Two Frigate messages carry a plate:
 *
 * <ul>
 *   <li>{@code <prefix>/events} ({@code type} new/update/end): {@code after.recognized_license_plate}
 *       and {@code after.recognized_license_plate_score} on a tracked car or motorcycle, captured
 *       at {@code after.frame_time} (epoch seconds, fractional), else {@code after.start_time};
 *   <li>{@code <prefix>/tracked_object_update} with {@code type: "lpr"}: {@code plate},
 *       {@code score}, {@code camera}, {@code id}, {@code timestamp}.
 * </ul>
 *
 * <p>Invariants: {@link #map} never throws; a message without a plate (a person, a face update,
 * a car not yet read) is {@link NotAPlateRead}, not an error; a message that has a plate but
 * cannot become a read (no mapped camera, no time, no score, wrong types) is {@link Unmappable}
 * with reason UNMAPPABLE, and bytes that are not JSON are UNPARSABLE.
 *
 * <p>Deterministic read id: {@code <cameraId>:<sequence>} where the sequence is a 63-bit hash of
 * (Frigate camera, Frigate tracked-object id, plate text). Frigate publishes the same plate of the
 * same object many times (every better snapshot, zone change, the end of the object, and the lpr
 * update): all of them, and any MQTT redelivery, get the same read id and are deduplicated
 * downstream. A refined reading (different text) of the same object is a different read: it is a
 * different OCR result, and the enforcement job's OCR-confusion handling and review deal with it.
 */
public final class FrigateMapper {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a Frigate message is. */
  public sealed interface Mapping permits Mapped, NotAPlateRead, Unmappable {}

  /** A plate read, with the lezflow camera it belongs to (its {@code camera_id}). */
  public record Mapped(PlateRead read) implements Mapping {}

  /** A valid Frigate message that carries no plate read; {@code why} is a metric label. */
  public record NotAPlateRead(String why) implements Mapping {}

  /**
   * A message that should be a plate read and cannot be one.
   *
   * @param cameraId the lezflow camera when it could be determined, else null
   */
  public record Unmappable(RejectReason reason, String detail, String cameraId) implements Mapping {}

  private final FrigateInput input;

  public FrigateMapper(FrigateInput input) {
    this.input = Objects.requireNonNull(input, "input");
  }

  public Mapping map(String topic, byte[] payload) {
    try {
      JsonNode root;
      try {
        root = payload == null || payload.length == 0 ? null : JSON.readTree(payload);
      } catch (JsonProcessingException e) {
        return new Unmappable(RejectReason.REJECT_REASON_UNPARSABLE, "not JSON: " + firstLine(e.getOriginalMessage()), null);
      }
      if (root == null || root.isMissingNode()) {
        return new Unmappable(RejectReason.REJECT_REASON_UNPARSABLE, "empty payload", null);
      }
      if (!root.isObject()) {
        return unmappable("JSON is not an object", null);
      }
      if (input.eventsTopic().equals(topic)) return mapEvent(root);
      if (input.trackedObjectUpdateTopic().equals(topic)) return mapTrackedObjectUpdate(root);
      return unmappable("not a Frigate topic of prefix '" + input.topicPrefix() + "'", null);
    } catch (IOException | RuntimeException | StackOverflowError e) {
      return new Unmappable(RejectReason.REJECT_REASON_UNPARSABLE, "unreadable JSON: " + e.getClass().getSimpleName(), null);
    }
  }

  private Mapping mapEvent(JsonNode root) {
    JsonNode after = root.get("after");
    if (after == null || !after.isObject()) return unmappable("event without an 'after' object", null);
    JsonNode plate = after.get("recognized_license_plate");
    if (plate == null || plate.isNull() || (plate.isTextual() && plate.asText().isBlank())) {
      return new NotAPlateRead("no_plate");
    }
    if (!plate.isTextual()) return unmappable("recognized_license_plate is not a string", null);
    String frigateCamera = text(after, "camera");
    if (frigateCamera == null) return unmappable("event without a camera", null);
    String cameraId = input.cameras().get(frigateCamera);
    if (cameraId == null) return unmappable("Frigate camera " + quote(frigateCamera) + " is not mapped to a lezflow camera", null);
    String objectId = text(after, "id");
    if (objectId == null) return unmappable("event without a tracked-object id", cameraId);
    Double score = number(after, "recognized_license_plate_score");
    if (score == null) return unmappable("event without a numeric recognized_license_plate_score", cameraId);
    Double seconds = number(after, "frame_time");
    if (seconds == null) seconds = number(after, "start_time");
    if (seconds == null || seconds <= 0) return unmappable("event without a positive frame_time or start_time", cameraId);
    return read(frigateCamera, cameraId, objectId, plate.asText(), score, seconds);
  }

  private Mapping mapTrackedObjectUpdate(JsonNode root) {
    String type = text(root, "type");
    if (!"lpr".equals(type)) return new NotAPlateRead("not_lpr");
    JsonNode plate = root.get("plate");
    if (plate == null || plate.isNull() || (plate.isTextual() && plate.asText().isBlank())) {
      return unmappable("lpr update without a plate", null);
    }
    if (!plate.isTextual()) return unmappable("plate is not a string", null);
    String frigateCamera = text(root, "camera");
    if (frigateCamera == null) return unmappable("lpr update without a camera", null);
    String cameraId = input.cameras().get(frigateCamera);
    if (cameraId == null) return unmappable("Frigate camera " + quote(frigateCamera) + " is not mapped to a lezflow camera", null);
    String objectId = text(root, "id");
    if (objectId == null) return unmappable("lpr update without a tracked-object id", cameraId);
    Double score = number(root, "score");
    if (score == null) return unmappable("lpr update without a numeric score", cameraId);
    Double seconds = number(root, "timestamp");
    if (seconds == null || seconds <= 0) return unmappable("lpr update without a positive timestamp", cameraId);
    return read(frigateCamera, cameraId, objectId, plate.asText(), score, seconds);
  }

  private Mapping read(String frigateCamera, String cameraId, String objectId, String plate, double score, double seconds) {
    double millis = seconds * 1000.0;
    if (!Double.isFinite(millis) || millis >= Long.MAX_VALUE) return unmappable("capture time out of range", cameraId);
    long capturedAtMs = Math.round(millis);
    long sequence = sequenceOf(frigateCamera, objectId, plate);
    PlateRead read = PlateRead.newBuilder()
        .setReadId(CameraIds.readId(cameraId, sequence))
        .setCameraId(cameraId)
        .setSequence(sequence)
        .setCapturedAtMs(capturedAtMs)
        .setPublishedAtMs(capturedAtMs)
        .setPlateText(plate)
        .setPlateCountry(input.country())
        .setConfidence((float) score)
        .setEvidence(Evidence.newBuilder().setImageKey("frigate/" + frigateCamera + "/" + objectId))
        .build();
    return new Mapped(read);
  }

  /** A stable 63-bit number for one plate text of one Frigate tracked object. */
  static long sequenceOf(String frigateCamera, String objectId, String plate) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(frigateCamera.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(objectId.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(plate.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(sha.digest()).getLong() & Long.MAX_VALUE;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }

  private static Unmappable unmappable(String detail, String cameraId) {
    return new Unmappable(RejectReason.REJECT_REASON_UNMAPPABLE, detail, cameraId);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
  }

  private static Double number(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isNumber() ? value.asDouble() : null;
  }

  /** Names from a payload are attacker-controlled: short and printable. */
  private static String quote(String text) {
    StringBuilder sb = new StringBuilder("'");
    for (int i = 0; i < Math.min(text.length(), 64); i++) {
      char c = text.charAt(i);
      sb.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    if (text.length() > 64) sb.append("...");
    return sb.append('\'').toString();
  }

  private static String firstLine(String message) {
    if (message == null) return "";
    int nl = message.indexOf('\n');
    String line = nl < 0 ? message : message.substring(0, nl);
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
