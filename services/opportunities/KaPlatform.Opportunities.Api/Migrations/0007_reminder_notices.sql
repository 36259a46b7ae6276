-- Reminders that time alone triggers (a bid deadline coming close, a deal getting stuck): one row per fact announced,
-- so the scan can run every hour, on several instances at once, and still send each reminder exactly once.
CREATE TABLE reminder_notices (
    kind        text        NOT NULL,   -- bid_due | deal_stuck
    subject_id  uuid        NOT NULL,   -- the bid or the opportunity
    occurrence  text        NOT NULL,   -- what makes it a new fact: the deadline; the stage and the day it was entered
    sent_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (kind, subject_id, occurrence)
);
