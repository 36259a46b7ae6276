-- docs/product.md §9: the top three success factors (every change kept), deal tasks, and the stage norms behind "stuck".

-- Each row is one state of an opportunity's factors; the latest is the current one, the rows together the history.
CREATE TABLE success_factor_sets (
    id             uuid        PRIMARY KEY,
    opportunity_id uuid        NOT NULL REFERENCES opportunities (id),
    factors        jsonb       NOT NULL,   -- [{rank, factor, ourPosition}] ordered by rank
    changed_by     uuid        NOT NULL,
    changed_at     timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX success_factor_sets_opportunity ON success_factor_sets (opportunity_id, changed_at, id);

CREATE TABLE deal_tasks (
    id             uuid        PRIMARY KEY,
    opportunity_id uuid        NOT NULL REFERENCES opportunities (id),
    title          text        NOT NULL,
    owner_id       uuid        NOT NULL,
    due_date       date        NOT NULL,
    status         text        NOT NULL DEFAULT 'open',   -- open | done | cancelled
    stage          text        NOT NULL,                  -- the stage the task belongs to
    created_by     uuid        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    version        int         NOT NULL DEFAULT 1
);
-- "An open task of its stage is overdue" (stuck) reads this index only.
CREATE INDEX deal_tasks_open ON deal_tasks (opportunity_id, stage, due_date) WHERE status = 'open';
CREATE INDEX deal_tasks_opportunity ON deal_tasks (opportunity_id, due_date, id);

-- Days a deal may spend in each open stage before it counts as stuck; admins change them.
CREATE TABLE stage_norms (
    stage      text        PRIMARY KEY,
    days       int         NOT NULL CHECK (days BETWEEN 1 AND 3650),
    updated_by uuid        NULL,
    updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
INSERT INTO stage_norms (stage, days) VALUES
    ('initiation', 30), ('solution_design', 30), ('deep_engagement', 45),
    ('product_confirmation', 30), ('commercial_negotiation', 30), ('signing', 20);
