package io.lezflow.police.hotlist;

import java.time.Instant;

/**
 * A hotlist alert as the listing zone sees it: the entry (its reference and reason, never the
 * plate), the read and camera, how it matched (EXACT or OCR_FOLDED), when it was read and when it
 * was stored. {@link #toJson()} is the MQTT / server-sent-event payload.
 */
public record Alert(
    String alertId,
    String entryId,
    String policeZone,
    String reference,
    String reason,
    String readId,
    String cameraId,
    Instant capturedAt,
    String match,
    double latitude,
    double longitude,
    Instant alertedAt) {

  public String toJson() {
    return "{\"alertId\":" + q(alertId) + ",\"entryId\":" + q(entryId) + ",\"policeZone\":" + q(policeZone) + ",\"reference\":"
        + q(reference) + ",\"reason\":" + q(reason) + ",\"readId\":" + q(readId) + ",\"cameraId\":" + q(cameraId)
        + ",\"capturedAt\":" + q(String.valueOf(capturedAt)) + ",\"match\":" + q(match) + ",\"latitude\":" + latitude
        + ",\"longitude\":" + longitude + ",\"alertedAt\":" + q(String.valueOf(alertedAt)) + "}";
  }

  private static String q(String s) {
    if (s == null) return "null";
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
          else b.append(c);
        }
      }
    }
    return b.append('"').toString();
  }
}
