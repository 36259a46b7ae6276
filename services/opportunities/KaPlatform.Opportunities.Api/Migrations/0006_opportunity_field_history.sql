-- Who changed which field of an opportunity, when, from what to what (issue 14): name, amount, currency, expected
-- close date, owner, team and competitors. Values are JSON so a list (team, competitors) is kept whole; the actor's
-- name is kept as it was then, so the history reads the same after a person leaves the directory.
CREATE TABLE opportunity_field_history (
    id             uuid PRIMARY KEY,
    opportunity_id uuid        NOT NULL REFERENCES opportunities (id),
    field          text        NOT NULL,
    old_value      jsonb,
    new_value      jsonb,
    changed_by     uuid        NOT NULL,
    changed_by_name text       NOT NULL,
    changed_at     timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX opportunity_field_history_opportunity ON opportunity_field_history (opportunity_id, changed_at, id);
