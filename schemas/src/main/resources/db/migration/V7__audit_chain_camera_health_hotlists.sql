-- Issue 10: the audit chain, camera health and hotlists.

-- Audit log: every police search (allowed or refused), hotlist change and hotlist alert.
-- Append-only: the trigger below refuses UPDATE, DELETE and TRUNCATE for every role that
-- triggers apply to (the application's). Each entry carries the hash of the previous one
-- (prev_hash) and its own (entry_hash = SHA-256 over prev_hash and the entry's fields, see
-- io.lezflow.police.audit.AuditChain), and seq counts entries without gaps, so a row deleted or
-- edited by someone who bypasses the trigger (a superuser with session_replication_role =
-- replica) is found by `lezflow audit verify`.
ALTER TABLE audit_log ADD COLUMN seq bigint;
ALTER TABLE audit_log ADD COLUMN kind text NOT NULL DEFAULT 'SEARCH';
ALTER TABLE audit_log ADD COLUMN legal_profile text;
ALTER TABLE audit_log ADD COLUMN outcome text NOT NULL DEFAULT 'ALLOWED';
ALTER TABLE audit_log ADD COLUMN refusal text;
ALTER TABLE audit_log ADD COLUMN prev_hash bytea;
ALTER TABLE audit_log ADD COLUMN entry_hash bytea;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_seq_unique UNIQUE (seq);

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- Camera health, written by the camera-health Flink job (stream-jobs io.lezflow.jobs.health):
-- the current view per camera (last heartbeat, state ONLINE / DEGRADED / OFFLINE and since when),
-- every state change, and reads per hour (from the heartbeats' sequence numbers).
-- updated_ms orders the job's upserts so that a replayed older update never wins.
CREATE TABLE camera_health (
  camera_id        text PRIMARY KEY,
  state            text NOT NULL,
  state_since      timestamptz NOT NULL,
  last_seen_at     timestamptz,
  last_reported_at timestamptz,
  reported_state   text,
  last_sequence    bigint,
  buffered_reads   integer,
  updated_ms       bigint NOT NULL
);
CREATE TABLE camera_state_changes (
  camera_id   text NOT NULL,
  changed_at  timestamptz NOT NULL,
  state       text NOT NULL,
  reason      text NOT NULL,
  PRIMARY KEY (camera_id, changed_at, state)
);
CREATE TABLE camera_reads_hourly (
  camera_id   text NOT NULL,
  hour        timestamptz NOT NULL,
  reads       bigint NOT NULL,
  PRIMARY KEY (camera_id, hour)
);

-- Hotlists: plates a police zone looks for. No plate in clear: the exact and the OCR-folded
-- HMAC of the vehicle key under the key hmac_key_id; an alert names the entry (reference,
-- reason), never the plate. Expired or removed entries stop matching.
CREATE TABLE hotlist_entries (
  entry_id          text PRIMARY KEY,
  police_zone       text NOT NULL,
  hmac_key_id       text NOT NULL,
  vehicle_hash      bytea NOT NULL,
  vehicle_fold_hash bytea NOT NULL,
  reason            text NOT NULL,
  reference         text NOT NULL,
  listed_by         text NOT NULL,
  listed_at         timestamptz NOT NULL,
  expires_at        timestamptz NOT NULL,
  removed_at        timestamptz,
  removed_by        text
);
CREATE INDEX hotlist_entries_zone_idx ON hotlist_entries (police_zone, expires_at);

CREATE TABLE hotlist_alerts (
  alert_id     text PRIMARY KEY,
  entry_id     text NOT NULL,
  police_zone  text NOT NULL,
  camera_id    text NOT NULL,
  read_id      text NOT NULL,
  captured_at  timestamptz NOT NULL,
  match        text NOT NULL,
  alerted_at   timestamptz NOT NULL
);
CREATE INDEX hotlist_alerts_zone_idx ON hotlist_alerts (police_zone, captured_at);
