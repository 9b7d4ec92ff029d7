-- Warnings are first-class records: operators send warning letters, so a warning is stored with the
-- same evidence as a violation (reads, camera, plate, image hash, rule, policy version), counted per
-- vehicle, and carries the first day a fine is possible for the vehicle (warning-first steps:
-- warning day + N months; a fixed warning period: the day after it).
--   kind          FINE (a fine or a fine for review) or WARNING (a warning letter; fine_cents 0)
--   fineable_from WARNING: the first day a fine is possible; NULL for fines
-- warning_only stays for readers of V1; the writer keeps both in step.
ALTER TABLE violations ADD COLUMN kind text NOT NULL DEFAULT 'FINE';
UPDATE violations SET kind = 'WARNING' WHERE warning_only;
ALTER TABLE violations ADD CONSTRAINT violations_kind_known CHECK (kind IN ('FINE', 'WARNING'));
ALTER TABLE violations ADD CONSTRAINT violations_warning_only_is_kind CHECK (warning_only = (kind = 'WARNING'));
ALTER TABLE violations ADD COLUMN fineable_from date;
CREATE INDEX violations_vehicle_kind_idx ON violations (vehicle_key, zone_id, kind, enforcement_day);

-- Per vehicle and zone: how many warnings were sent, the first and last, and from when the vehicle
-- is fineable (the fineable_from of its latest warning: a later step's warning restarts the clock).
CREATE VIEW vehicle_warnings AS
SELECT vehicle_key,
       zone_id,
       count(*)                                                     AS warnings,
       min(enforcement_day)                                         AS first_warning_day,
       max(enforcement_day)                                         AS last_warning_day,
       (array_agg(fineable_from ORDER BY enforcement_day DESC))[1]  AS fineable_from
FROM violations
WHERE kind = 'WARNING' AND status <> 'DROPPED'
GROUP BY vehicle_key, zone_id;
