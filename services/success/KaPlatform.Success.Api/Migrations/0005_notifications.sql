-- The notification inbox (issue 15; docs/notifications.md): one row per recipient, written in the same transaction as
-- the change that caused it. source_key names the cause (an alert, a milestone crossing a threshold), so a message
-- delivered twice, or the same fact arriving in two messages, makes one notification per person.
CREATE TABLE notifications (
    id          uuid PRIMARY KEY,
    user_id     uuid        NOT NULL,
    account_id  uuid        NOT NULL,
    kind        text        NOT NULL,   -- alert_raised | alert_escalated | milestone_overdue
    source_key  text        NOT NULL,
    params      jsonb       NOT NULL,
    text        text        NOT NULL,   -- English, for logs and API clients that show it as is
    link_kind   text        NOT NULL,   -- account | contract
    link_id     uuid        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    read_at     timestamptz NULL
);
CREATE UNIQUE INDEX notifications_once ON notifications (user_id, source_key);
CREATE INDEX notifications_inbox ON notifications (user_id, id DESC);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;

CREATE TABLE notification_settings (
    user_id      uuid PRIMARY KEY,
    daily_digest boolean     NOT NULL,
    digest_hour  int         NOT NULL CHECK (digest_hour BETWEEN 0 AND 23),
    updated_at   timestamptz NOT NULL DEFAULT clock_timestamp()
);
