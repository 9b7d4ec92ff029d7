-- The operators' portal (module portal): users, sessions, decisions with an optimistic version,
-- the review trail's from -> to, and the export of fines to the tax office in batches.

-- Portal users. The password is an Argon2id hash (PHC string), never the password.
-- police_zone binds a police user to the cameras of one police zone (NULL for other roles).
CREATE TABLE portal_users (
  username       text PRIMARY KEY,
  password_hash  text NOT NULL,
  role           text NOT NULL CHECK (role IN ('operator', 'supervisor', 'police', 'engineer', 'auditor')),
  police_zone    text,
  disabled       boolean NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT now(),
  CHECK ((role = 'police') = (police_zone IS NOT NULL))
);

-- Browser sessions (cookie) and API tokens (bearer). Only the SHA-256 of a token is stored, so a
-- copy of this table logs nobody in. csrf_token guards every state change of a cookie session.
CREATE TABLE portal_sessions (
  token_sha256  text PRIMARY KEY,
  username      text NOT NULL REFERENCES portal_users (username),
  kind          text NOT NULL CHECK (kind IN ('SESSION', 'API_TOKEN')),
  csrf_token    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL
);
CREATE INDEX portal_sessions_user_idx ON portal_sessions (username);

-- One batch per export of approved fines; a violation belongs to at most one batch.
CREATE TABLE export_batches (
  batch_id     bigserial PRIMARY KEY,
  created_at   timestamptz NOT NULL DEFAULT now(),
  actor        text NOT NULL,
  fines        integer NOT NULL DEFAULT 0
);

-- version: bumped by every decision, so two concurrent decisions cannot both win.
ALTER TABLE violations ADD COLUMN version integer NOT NULL DEFAULT 0;
ALTER TABLE violations ADD COLUMN decided_by text;
ALTER TABLE violations ADD COLUMN decided_at timestamptz;
ALTER TABLE violations ADD COLUMN export_batch_id bigint REFERENCES export_batches (batch_id);
-- Why a human reviews it, derived from the decider's explanation ("needs review: OCR confidence
-- ... below ...; fuzzy ..."), so the writer needs no change and the queue can filter on it.
ALTER TABLE violations ADD COLUMN review_reason text GENERATED ALWAYS AS (
  CASE
    WHEN NOT needs_review THEN NULL
    WHEN explanation LIKE '%needs review: OCR confidence%' AND explanation ~* 'needs review:.*;' THEN 'LOW_CONFIDENCE_AND_FUZZY_PLATE_MATCH'
    WHEN explanation LIKE '%needs review: OCR confidence%' THEN 'LOW_CONFIDENCE'
    WHEN explanation LIKE '%needs review:%' THEN 'FUZZY_PLATE_MATCH'
    ELSE 'OTHER'
  END) STORED;

-- The queue: oldest first within a status, keyset on (first_seen_at, violation_id).
CREATE INDEX violations_queue_idx ON violations (status, first_seen_at, violation_id);
CREATE INDEX violations_zone_queue_idx ON violations (zone_id, status, first_seen_at, violation_id);
-- Exports pick approved rows not yet in a batch.
CREATE INDEX violations_exportable_idx ON violations (violation_id) WHERE status = 'APPROVED' AND export_batch_id IS NULL;

-- The review trail records the transition, the reason code and the operator's free text.
ALTER TABLE violation_events ADD COLUMN from_status text;
ALTER TABLE violation_events ADD COLUMN to_status text;
ALTER TABLE violation_events ADD COLUMN reason_code text;
CREATE INDEX violation_events_violation_idx ON violation_events (violation_id, id);
