package io.lezflow.portal.evidence;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.lezflow.portal.review.Camera;
import io.lezflow.portal.review.CameraStore;
import io.lezflow.portal.review.EventStore;
import io.lezflow.portal.review.ReadStore;
import io.lezflow.portal.review.Violation;
import io.lezflow.portal.review.ViolationEvent;
import io.lezflow.portal.review.ViolationStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The signed evidence package of an approved violation: one JSON document (reads, image hashes
 * and images, vehicle data, policy version, decision trail, the signer's public key) and a
 * detached Ed25519 signature over its exact bytes. The document is a function of the stored
 * data only (no "generated at" time), so downloading the package and its signature separately
 * gives a matching pair as long as the violation does not change in between.
 */
public final class EvidencePackages {
  public static final String FORMAT = "lezflow-evidence-package/1";
  private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT);

  public record Signed(byte[] json, String signatureBase64) {}

  private final ViolationStore violations;
  private final EventStore events;
  private final CameraStore cameras;
  private final ReadStore reads;
  private final EvidenceImages images;
  private final SigningKey key;

  public EvidencePackages(ViolationStore violations, EventStore events, CameraStore cameras, ReadStore reads, EvidenceImages images,
      SigningKey key) {
    this.violations = violations;
    this.events = events;
    this.cameras = cameras;
    this.reads = reads;
    this.images = images;
    this.key = key;
  }

  public SigningKey key() {
    return key;
  }

  public Signed build(Violation v) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("format", FORMAT);
    Map<String, Object> violation = new LinkedHashMap<>();
    violation.put("violation_id", v.violationId());
    violation.put("zone_id", v.zoneId());
    violation.put("enforcement_day", v.enforcementDay().toString());
    violation.put("violation_type", v.violationType());
    violation.put("status", v.status());
    violation.put("warning", v.warning());
    violation.put("amount_cents", v.fineCents());
    violation.put("currency", v.currency());
    violation.put("first_seen_at", v.firstSeenAt().toString());
    violation.put("explanation", v.explanation());
    violation.put("review_reason", v.reviewReason());
    doc.put("violation", violation);
    Map<String, Object> vehicle = new LinkedHashMap<>();
    vehicle.put("vehicle_key", v.vehicleKey());
    vehicle.put("plate_text_read", v.plateText());
    vehicle.put("country", v.country());
    doc.put("vehicle", vehicle);
    doc.put("policy", Map.of("zone_id", v.zoneId(), "rule", v.rule(), "version", v.policyVersion()));
    List<Map<String, Object>> readList = new ArrayList<>();
    for (ReadStore.Read r : reads.of(v)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("read_id", r.readId());
      m.put("captured_at", r.capturedAt() == null ? null : r.capturedAt().toString());
      m.put("camera_id", r.cameraId());
      m.put("confidence", r.confidence());
      m.put("image_key", r.imageKey());
      m.put("image_sha256", r.imageSha256());
      readList.add(m);
    }
    doc.put("reads", readList);
    Camera camera = cameras.byId(v.cameraId()).orElse(null);
    if (camera != null) {
      doc.put("camera", Map.of("camera_id", camera.cameraId(), "name", camera.name() == null ? "" : camera.name(),
          "latitude", camera.latitude(), "longitude", camera.longitude()));
    }
    List<Map<String, Object>> imageList = new ArrayList<>();
    if (v.imageSha256() != null) {
      images.find(v.imageSha256()).ifPresent(img -> {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sha256", img.sha256());
        m.put("content_type", img.contentType());
        m.put("base64", Base64.getEncoder().encodeToString(img.bytes()));
        imageList.add(m);
      });
    }
    doc.put("images", imageList);
    List<Map<String, Object>> trail = new ArrayList<>();
    for (ViolationEvent e : events.of(v.violationId())) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("at", e.at().toString());
      m.put("event", e.event());
      m.put("actor", e.actor());
      m.put("from", e.fromStatus());
      m.put("to", e.toStatus());
      m.put("reason_code", e.reasonCode());
      m.put("note", e.note());
      trail.add(m);
    }
    doc.put("decision_trail", trail);
    doc.put("signing_key", Map.of("algorithm", "Ed25519", "key_id", key.keyId(), "public_key_spki", key.publicKeySpkiBase64()));
    byte[] json;
    try {
      json = MAPPER.writeValueAsBytes(doc);
    } catch (Exception e) {
      throw new IllegalStateException("cannot write the evidence package", e);
    }
    return new Signed(json, Base64.getEncoder().encodeToString(key.sign(json)));
  }
}
