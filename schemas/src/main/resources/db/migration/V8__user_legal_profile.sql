-- Issue 10: the legal profile a police user searches under (Belgian rules for ANPR data):
--   administrative  sightings of the last month only (the default, the narrower profile)
--   judicial        up to the retention limit; beyond one month only with the public prosecutor's
--                   decision reference, which the audit log records
-- Only a police user may be judicial; every other role keeps the default and never searches.
ALTER TABLE portal_users ADD COLUMN legal_profile text NOT NULL DEFAULT 'administrative'
  CHECK (legal_profile IN ('administrative', 'judicial'));
ALTER TABLE portal_users ADD CONSTRAINT portal_users_judicial_is_police
  CHECK (legal_profile = 'administrative' OR role = 'police');
