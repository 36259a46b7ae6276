-- Issue 18: the daily scan re-scored every account each time success-api started, even on a day already scanned:
-- at 1,000,000 accounts about 35 minutes of both cores after every restart or deployment. Each run now records how
-- far it has scored, chunk by chunk, in the chunk's own transaction; the timer's run skips a day already done and
-- resumes one cut short. An admin's POST /api/success/scan still scores every account.
CREATE TABLE daily_scan_runs (
    as_of          date PRIMARY KEY,
    -- Every account up to this id (in id order, the scan's order) has been scored for as_of by some run.
    scored_through uuid NOT NULL,
    completed_at   timestamptz
);
