package io.lezflow.evidence;

/** Why an image did not become evidence (column {@code evidence_alarms.kind}). */
public enum AlarmKind {
  /** The camera served bytes whose SHA-256 is not the one it sent with the read: never evidence. */
  HASH_MISMATCH,
  /** The camera has no such image: never taken, or purged after its retention period. */
  IMAGE_MISSING,
  /** The camera did not answer after the fetcher's retries. */
  CAMERA_UNREACHABLE,
  /** The violation names no read / image hash the fetcher could ask a camera for. */
  NO_IMAGE_REFERENCE
}
