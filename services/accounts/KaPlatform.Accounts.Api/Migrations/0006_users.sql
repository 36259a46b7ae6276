-- docs/product.md §6 user directory: who the platform's user ids are. Rows come from tokens on sign-in (last_seen set) or
-- from a CSV import for people who have not signed in yet (last_seen NULL). name is searched by substring in any
-- script, hence the trigram index (pg_trgm comes with 0002).
CREATE TABLE users (
    id         uuid        PRIMARY KEY,
    name       text        NOT NULL,
    roles      text[]      NOT NULL DEFAULT '{}',
    region     text        NULL,
    last_seen  timestamptz NULL,
    source     text        NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX users_name_id ON users (name, id);
CREATE INDEX users_name_trgm ON users USING gin (name gin_trgm_ops);
