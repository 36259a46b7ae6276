-- What success-api asked for (RenewalDue, ExpansionIdentified) about an account this service's directory does not
-- have yet: kept here and opened by the account's registration (Projections/AwaitingAccount.cs). They were thrown
-- back to MassTransit's retries, and landed in an error queue when the registration sat behind a longer backlog.
CREATE TABLE awaiting_account (
    event_id    uuid PRIMARY KEY,
    account_id  uuid        NOT NULL,
    kind        text        NOT NULL,   -- the event's type name
    body        jsonb       NOT NULL,
    received_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX awaiting_account_account ON awaiting_account (account_id);
