-- Reminders that time alone triggers (a plan's quarterly review falling due): one row per fact announced, so the
-- scan can run every hour, on several instances at once, and still send each reminder exactly once.
CREATE TABLE reminder_notices (
    kind        text        NOT NULL,   -- plan_review_due
    subject_id  uuid        NOT NULL,   -- the plan
    occurrence  text        NOT NULL,   -- the quarter (Q1..Q4)
    sent_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (kind, subject_id, occurrence)
);
