package io.lezflow.jobs.hotlist;

import java.util.Objects;

/** A read that matched a hotlist entry at a camera of the listing zone (no plate). A Flink POJO. */
public class HotlistAlertRecord {
  public String alertId;
  public String entryId;
  public String policeZone;
  public String reference;
  public String reason;
  public String readId;
  public String cameraId;
  public long capturedAtMs;
  /** EXACT or OCR_FOLDED. */
  public String match;
  public float confidence;
  public String imageKey;
  public double latitude;
  public double longitude;
  public long matchedAtMs;

  public HotlistAlertRecord() {}

  @Override
  public boolean equals(Object o) {
    return o instanceof HotlistAlertRecord a && Objects.equals(alertId, a.alertId) && Objects.equals(match, a.match)
        && matchedAtMs == a.matchedAtMs;
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(alertId);
  }

  @Override
  public String toString() {
    return "HotlistAlertRecord{" + alertId + " " + match + " zone " + policeZone + " at " + cameraId + "}";
  }
}
