package io.lezflow.jobs.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.lezflow.jobs.records.DecisionRecord;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * A {@link DecisionRecord} as one line of JSON, fields in a fixed order with snake_case names.
 * Absent values are left out: a field that is null, an empty list, a zero time, and the money
 * fields of a decision without a currency. The format is documented on {@link ReplayJob}.
 */
public final class DecisionJson {
  private DecisionJson() {}

  private static final JsonFactory FACTORY = new JsonFactory();

  public static String toJson(DecisionRecord d) {
    StringWriter out = new StringWriter(512);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      string(g, "stage", d.stage == null ? null : d.stage.name());
      string(g, "outcome", d.outcome);
      string(g, "read_id", d.readId);
      if (d.readIds != null && d.readIds.length > 0 && d.stage == DecisionRecord.Stage.FINAL) {
        g.writeArrayFieldStart("read_ids");
        for (String id : d.readIds) g.writeString(id);
        g.writeEndArray();
      }
      string(g, "camera_id", d.cameraId);
      if (d.capturedAtMs != 0) string(g, "captured_at", Instant.ofEpochMilli(d.capturedAtMs).toString());
      string(g, "zone_id", d.zoneId);
      if (d.stage != null) g.writeNumberField("policy_version", d.policyVersion);
      string(g, "rule", d.rule);
      string(g, "vehicle_key", d.vehicleKey);
      string(g, "read_vehicle_key", d.readVehicleKey);
      string(g, "match", d.match);
      if (d.matchScore != 0) g.writeNumberField("match_score", d.matchScore);
      string(g, "enforcement_day", d.enforcementDay);
      string(g, "permit_id", d.permitId);
      string(g, "violation_type", d.violationType);
      string(g, "violation_id", d.violationId);
      if (d.decideAtMs != 0) string(g, "decide_at", Instant.ofEpochMilli(d.decideAtMs).toString());
      if (d.currency != null) {
        g.writeNumberField("fine_cents", d.fineCents);
        g.writeStringField("currency", d.currency);
      }
      if (d.warningOnly) g.writeBooleanField("warning_only", true);
      string(g, "fineable_from", d.fineableFrom);
      if (d.needsReview) g.writeBooleanField("needs_review", true);
      string(g, "review_reason", d.reviewReason);
      string(g, "drop_reason", d.dropReason);
      string(g, "explanation", d.explanation);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory cannot fail", e);
    }
    return out.toString();
  }

  private static void string(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) g.writeStringField(name, value);
  }
}
