-- Transactional outbox: written in the same transaction as the change it announces.
CREATE TABLE outbox (
    seq          bigserial PRIMARY KEY,
    id           uuid        NOT NULL UNIQUE,        -- becomes the message id; consumers dedupe on it
    message_type text        NOT NULL,               -- .NET type for bus events, event name for raw ones
    exchange     text        NULL,                   -- set for raw JSON messages (non-.NET consumers)
    routing_key  text        NULL,
    body         jsonb       NOT NULL,
    trace_parent text        NULL,                   -- W3C traceparent of the request that wrote it
    created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    sent_at      timestamptz NULL,
    attempts     int         NOT NULL DEFAULT 0,
    last_error   text        NULL
);
CREATE INDEX outbox_unsent ON outbox (seq) WHERE sent_at IS NULL;
CREATE INDEX outbox_sent_at ON outbox (sent_at) WHERE sent_at IS NOT NULL;

-- Inbox: one row per (message, consumer) applied; the primary key is what makes a redelivery a no-op.
CREATE TABLE inbox (
    message_id  uuid        NOT NULL,
    consumer    text        NOT NULL,
    received_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (message_id, consumer)
);
CREATE INDEX inbox_received_at ON inbox (received_at);
