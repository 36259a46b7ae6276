-- Local copy of the accounts this service may be asked about, with the columns AccountScope filters on.
CREATE TABLE account_directory (
    id            uuid PRIMARY KEY,
    name          text        NOT NULL,
    region        text        NOT NULL,
    owner_id      uuid        NOT NULL,
    parent_id     uuid        NULL,
    team_user_ids uuid[]      NOT NULL DEFAULT '{}',
    as_of         timestamptz NOT NULL,   -- occurredAt of the last event applied; older events do not overwrite
    updated_at    timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX account_directory_region ON account_directory (region);
CREATE INDEX account_directory_owner ON account_directory (owner_id);
CREATE INDEX account_directory_team ON account_directory USING gin (team_user_ids);
CREATE INDEX account_directory_parent ON account_directory (parent_id);
