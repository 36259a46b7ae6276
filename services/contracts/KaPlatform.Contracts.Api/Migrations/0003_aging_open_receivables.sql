-- Issue 18: aging as of a date reads the milestones still open then: never settled, or settled after that date. One
-- index over every due milestone made it read all of a group's (500,112 at ten times the demo's scale, two thirds of
-- them long settled: p95 1.2 s). These two serve the two halves separately, each as an index-only scan: the open ones
-- by account, and the settled ones by account and settlement date (as of today: almost none).
CREATE INDEX milestones_unsettled ON milestones (account_id) INCLUDE (id, contract_id, currency, due_date, amount, paid_amount)
    WHERE due_date IS NOT NULL AND settled_on IS NULL;
CREATE INDEX milestones_settled ON milestones (account_id, settled_on) INCLUDE (id, contract_id, currency, due_date, amount, paid_amount)
    WHERE due_date IS NOT NULL AND settled_on IS NOT NULL;
