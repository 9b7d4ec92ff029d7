-- The evidence store. Cameras keep every read's image for a few days; the evidence fetcher copies
-- into evidence_images only the images of reads that became a candidate violation or a warning
-- (so compliant vehicles' images never leave the camera), after checking each against the
-- SHA-256 the camera sent with the read. Content-addressed: the key is that hash, so a
-- redelivered violation writes nothing twice. The provenance columns are null for rows written
-- by other tools (e.g. a portal fixture).
CREATE TABLE evidence_images (
  sha256        text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  content       bytea NOT NULL,
  content_type  text NOT NULL DEFAULT 'image/png',
  byte_size     integer GENERATED ALWAYS AS (octet_length(content)) STORED,
  camera_id     text,
  image_key     text,
  read_id       text,
  violation_id  text,
  fetched_at    timestamptz NOT NULL DEFAULT now()
);

-- An image that could not become evidence, and why. Never shown as evidence:
--   HASH_MISMATCH       the camera served bytes whose SHA-256 is not the one sent with the read
--   IMAGE_MISSING       the camera has no such image (never taken, or purged after its retention)
--   CAMERA_UNREACHABLE  the camera did not answer after the fetcher's retries
--   NO_IMAGE_REFERENCE  the violation names no read id / image hash to fetch
-- One row per read and kind: a redelivered violation does not raise the same alarm twice.
CREATE TABLE evidence_alarms (
  id               bigserial PRIMARY KEY,
  at               timestamptz NOT NULL DEFAULT now(),
  kind             text NOT NULL
    CHECK (kind IN ('HASH_MISMATCH', 'IMAGE_MISSING', 'CAMERA_UNREACHABLE', 'NO_IMAGE_REFERENCE')),
  violation_id     text NOT NULL,
  read_id          text NOT NULL,
  camera_id        text NOT NULL,
  image_key        text,
  expected_sha256  text,
  actual_sha256    text,
  detail           text NOT NULL,
  UNIQUE (read_id, kind)
);
CREATE INDEX evidence_alarms_violation_idx ON evidence_alarms (violation_id);
