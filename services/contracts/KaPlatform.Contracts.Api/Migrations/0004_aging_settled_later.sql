-- Issue 18: the aging report's second half, milestones settled after asOf. By account and date (0003) it cost one index
-- descent per account of the group even when nothing was settled after asOf (as of today, the usual question): 10,001
-- descents, 20–120 ms, for no row. By date alone the same question is one short range, and the planner takes it
-- when the statistics say few rows lie after asOf; for a date long past it still starts from the accounts.
CREATE INDEX milestones_settled_on ON milestones (settled_on) WHERE due_date IS NOT NULL AND settled_on IS NOT NULL;
