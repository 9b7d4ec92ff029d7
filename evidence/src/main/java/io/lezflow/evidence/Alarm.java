package io.lezflow.evidence;

/** A row of {@code evidence_alarms}. {@code detail} never holds a plate. */
public record Alarm(
    AlarmKind kind,
    String violationId,
    String readId,
    String cameraId,
    String imageKey,
    String expectedSha256,
    String actualSha256,
    String detail) {

  static Alarm of(AlarmKind kind, EvidenceRequest r, String actualSha256, String detail) {
    return new Alarm(kind, r.violationId(), r.readId(), r.cameraId(), r.imageKey(), r.expectedSha256(), actualSha256, detail);
  }
}
