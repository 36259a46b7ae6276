-- docs/product.md §6: every write keeps who, when and what changed. Append-only by convention; read by admins.
CREATE TABLE audit_log (
    id          uuid PRIMARY KEY,
    entity_type text        NOT NULL,
    entity_id   uuid        NOT NULL,
    action      text        NOT NULL,
    actor_id    uuid        NOT NULL,
    actor_name  text        NOT NULL DEFAULT '',
    at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    changes     jsonb       NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity_id, at);

-- docs/product.md §0: a repeated POST with the same Idempotency-Key returns the first result.
CREATE TABLE idempotency_keys (
    key          text        NOT NULL,
    user_id      uuid        NOT NULL,
    request_path text        NOT NULL,
    state        text        NOT NULL,        -- pending | done
    status_code  int         NULL,
    location     text        NULL,
    content_type text        NULL,
    body         bytea       NULL,
    created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (key, user_id)
);
