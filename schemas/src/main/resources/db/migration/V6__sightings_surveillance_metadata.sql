-- Sightings as video-surveillance metadata (issue 10): what a police search shows about a read,
-- still with no plate in clear.
--   hmac_key_id        fingerprint of the HMAC secret vehicle_hash and vehicle_fold_hash were made
--                      with: after a key rotation, older partitions stay searchable under their key
--                      (docs: ops/runbooks/rotate-sightings-hmac-key.md)
--   vehicle_fold_hash  HMAC of the OCR-folded vehicle key (io.lezflow.schemas.plates.VehicleHmac):
--                      the OCR-confusion-aware search key; vehicle_hash stays the exact one
--   lane, direction, confidence, image_key, image_sha256: as the camera reported them
-- Columns are nullable only because rows written before this migration lack them.
ALTER TABLE sightings ADD COLUMN hmac_key_id text;
ALTER TABLE sightings ADD COLUMN vehicle_fold_hash bytea;
ALTER TABLE sightings ADD COLUMN lane smallint;
ALTER TABLE sightings ADD COLUMN direction text;
ALTER TABLE sightings ADD COLUMN confidence real;
ALTER TABLE sightings ADD COLUMN image_key text;
ALTER TABLE sightings ADD COLUMN image_sha256 text;
-- A search is "this folded vehicle, in this time range": the index on the parent table is created
-- on every day partition, present and future.
CREATE INDEX sightings_fold_idx ON sightings (vehicle_fold_hash, captured_at);

-- The camera registry as the police see it (schemas/src/main/resources/cameras/brussels-cameras.csv
-- is the simulated network): the direction a camera watches and whether it is in service.
-- Reloading the registry updates rows in place and marks cameras missing from the file inactive.
ALTER TABLE cameras ADD COLUMN direction text;
ALTER TABLE cameras ADD COLUMN street text;
ALTER TABLE cameras ADD COLUMN active boolean NOT NULL DEFAULT true;
ALTER TABLE cameras ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX cameras_police_zone_idx ON cameras (police_zone);
