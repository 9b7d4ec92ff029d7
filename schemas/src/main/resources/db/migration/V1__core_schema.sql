-- lezflow core schema. Owned by schemas so that every module (writer: stream-jobs,
-- readers: portal, ops) migrates the same way with Flyway (classpath:db/migration).

CREATE TABLE cameras (
  camera_id    text PRIMARY KEY,
  zone_id      text NOT NULL,
  police_zone  text,
  name         text,
  latitude     double precision,
  longitude    double precision,
  created_at   timestamptz NOT NULL DEFAULT now()
);

-- A candidate or issued fine. The id is deterministic (zone, vehicle key, enforcement day), so
-- the writer inserts with ON CONFLICT DO NOTHING and a replay can never create a second row.
-- Only violations keep the plate in clear: they are the evidence of a fine.
CREATE TABLE violations (
  violation_id     text PRIMARY KEY,
  zone_id          text NOT NULL,
  vehicle_key      text NOT NULL,
  enforcement_day  date NOT NULL,
  violation_type   text NOT NULL,
  rule             text NOT NULL,
  policy_version   integer NOT NULL,
  fine_cents       bigint NOT NULL,
  currency         text NOT NULL,
  warning_only     boolean NOT NULL DEFAULT false,
  needs_review     boolean NOT NULL DEFAULT false,
  first_seen_at    timestamptz NOT NULL,
  camera_id        text NOT NULL,
  read_ids         text[] NOT NULL,
  plate_text       text NOT NULL,
  country          text NOT NULL,
  confidence       real NOT NULL,
  image_sha256     text,
  explanation      text NOT NULL,
  status           text NOT NULL DEFAULT 'PENDING_REVIEW',
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX violations_status_idx ON violations (status, first_seen_at);
CREATE INDEX violations_vehicle_idx ON violations (vehicle_key, enforcement_day);

-- Review trail: every state change of a violation, who did it and why.
CREATE TABLE violation_events (
  id            bigserial PRIMARY KEY,
  violation_id  text NOT NULL REFERENCES violations (violation_id),
  event         text NOT NULL,
  actor         text NOT NULL,
  reason        text,
  at            timestamptz NOT NULL DEFAULT now()
);

-- Every decided read, for the police sightings search. No plate in clear: vehicle_hash is an
-- HMAC of the vehicle key under a secret key. Partitioned by capture day so that retention is
-- a DROP of a partition, not a DELETE scan. Partitions are created by the writer on demand.
CREATE TABLE sightings (
  read_id       text NOT NULL,
  captured_at   timestamptz NOT NULL,
  camera_id     text NOT NULL,
  zone_id       text NOT NULL,
  vehicle_hash  bytea NOT NULL,
  outcome       text NOT NULL,
  PRIMARY KEY (captured_at, read_id)
) PARTITION BY RANGE (captured_at);

-- Every plate query: who, in which role and zone, why, when, and what was returned.
CREATE TABLE audit_log (
  id              bigserial PRIMARY KEY,
  at              timestamptz NOT NULL DEFAULT now(),
  actor           text NOT NULL,
  role            text NOT NULL,
  police_zone     text,
  reason          text NOT NULL,
  case_reference  text,
  query           text NOT NULL,
  result_count    integer NOT NULL
);
