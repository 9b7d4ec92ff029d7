-- A violation's life: the enforcement job writes a row as soon as a read makes a vehicle a
-- candidate (status AWAITING_GRACE: a day pass or foreign registration may still be bought until
-- the grace window closes at decide_at), then settles it once the window has closed:
--   PENDING_REVIEW  issued, in the operators' review queue (needs_review says why if flagged)
--   DROPPED         not a fine after all (drop_reason: day pass bought in time, fine limit, ...)
-- Operators then move PENDING_REVIEW rows to APPROVED / REJECTED (violation_events keeps the trail).
-- The job only ever moves a row out of AWAITING_GRACE, so replays can never undo a review.
ALTER TABLE violations ADD COLUMN decide_at timestamptz;
ALTER TABLE violations ADD COLUMN drop_reason text;
ALTER TABLE violations ADD COLUMN settled_at timestamptz;
ALTER TABLE violations ADD CONSTRAINT violations_status_known
  CHECK (status IN ('AWAITING_GRACE', 'PENDING_REVIEW', 'DROPPED', 'APPROVED', 'REJECTED'));
