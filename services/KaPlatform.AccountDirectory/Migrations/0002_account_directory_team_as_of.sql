-- The team (owner and members, from AccountTeamChanged) and the account's details (name, region, parent, from
-- AccountUpdated) change through different events on different queues, so each keeps the time of its own last change:
-- a late AccountUpdated still renames or moves the account after a newer team change, and cannot undo that change.
-- NULL means "the same as as_of" (rows written before this column, and rows a bulk load copies in), so adding it
-- rewrites nothing.
ALTER TABLE account_directory ADD COLUMN team_as_of timestamptz NULL;

-- Changes that arrived before their account's AccountRegistered (another queue, or a backlog after an outage), kept
-- until the registration applies them (EarlyChanges.cs). Usually empty.
CREATE TABLE account_directory_early (
    event_id      uuid PRIMARY KEY,
    account_id    uuid        NOT NULL,
    occurred_at   timestamptz NOT NULL,
    name          text        NULL,     -- AccountUpdated's details; NULL for a team change
    region        text        NULL,
    parent_id     uuid        NULL,
    owner_id      uuid        NOT NULL,
    team_user_ids uuid[]      NULL,     -- AccountTeamChanged's team; NULL for an AccountUpdated
    kept_at       timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX account_directory_early_account ON account_directory_early (account_id);
