CREATE TABLE accounts (
    id            uuid PRIMARY KEY,
    name          text        NOT NULL,
    region        text        NOT NULL,
    owner_id      uuid        NOT NULL,
    parent_id     uuid        NULL REFERENCES accounts (id),
    -- Owner plus team members: the row-level access rule reads this one column (GIN-indexed).
    team_user_ids uuid[]      NOT NULL DEFAULT '{}',
    created_by    uuid        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    version       int         NOT NULL DEFAULT 1
);
CREATE INDEX accounts_region ON accounts (region);
CREATE INDEX accounts_owner ON accounts (owner_id);
CREATE INDEX accounts_team ON accounts USING gin (team_user_ids);
