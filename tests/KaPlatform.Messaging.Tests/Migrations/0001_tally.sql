-- A deliberately non-idempotent effect: applying a message twice shows as times = 2.
CREATE TABLE tally (key text PRIMARY KEY, times int NOT NULL);
-- The "business change" each test event announces, written in the same transaction as its outbox row.
CREATE TABLE change_log (key text PRIMARY KEY, written_at timestamptz NOT NULL DEFAULT now());
