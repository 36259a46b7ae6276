-- Saved views of the workspace's lists (issue 15): per user, a name for one list's filters, sort and page size, so
-- a KAM finds on her phone the views she saved on her laptop. query is the list's address query as key → text.
CREATE TABLE saved_views (
    user_id    uuid        NOT NULL,
    list       text        NOT NULL,
    name       text        NOT NULL,
    query      jsonb       NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, list, name)
);
