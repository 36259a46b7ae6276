-- Issue 18: the overdue scan works through open past-due milestones in (due_date, id) chunks, one transaction each.
-- With due_date alone every chunk had to read and sort all the rest of the backlog to find its first rows.
CREATE INDEX milestones_open_due_id ON milestones (due_date, id) WHERE due_date IS NOT NULL AND settled_on IS NULL;
DROP INDEX milestones_open_due;
