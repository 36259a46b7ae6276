-- docs/product.md §3: contracts, payment plans, evidence, invoices, payments, collection follow-ups, overdue notices.
CREATE SEQUENCE contract_number_seq;

CREATE TABLE contracts (
    id                   uuid PRIMARY KEY,
    number               text          NOT NULL UNIQUE,            -- KA-2026-000123
    account_id           uuid          NOT NULL,
    opportunity_id       uuid          NOT NULL UNIQUE,            -- exactly one contract per won opportunity
    owner_id             uuid          NOT NULL,                   -- the opportunity's owner when it was won
    title                text          NOT NULL,
    amount               numeric(18,2) NOT NULL CHECK (amount >= 0),
    currency             text          NOT NULL,
    status               text          NOT NULL DEFAULT 'draft',
    signed_at            date          NULL,
    start_date           date          NULL,
    end_date             date          NULL,
    delivered_at         date          NULL,                       -- first delivery: starts days_after_delivery
    accepted_at          date          NULL,
    payment_approver_ids uuid[]        NOT NULL DEFAULT '{}',
    unapplied_credit     numeric(18,2) NOT NULL DEFAULT 0,
    created_at           timestamptz   NOT NULL DEFAULT clock_timestamp(),
    updated_at           timestamptz   NOT NULL DEFAULT clock_timestamp(),
    version              int           NOT NULL DEFAULT 1
);
CREATE INDEX contracts_account ON contracts (account_id, id);
CREATE INDEX contracts_status ON contracts (status, id);

CREATE TABLE milestones (
    id              uuid PRIMARY KEY,
    contract_id     uuid          NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
    account_id      uuid          NOT NULL,                        -- account and currency copied from the contract:
    currency        text          NOT NULL,                        -- aging reads milestones alone
    seq             int           NOT NULL,
    kind            text          NOT NULL,
    percent         numeric(5,2)  NOT NULL,
    amount          numeric(18,2) NOT NULL,
    due_rule_type   text          NOT NULL,
    due_rule_value  text          NOT NULL,                        -- days/months as a number, or a date for fixed_date
    due_date        date          NULL,                            -- set once its trigger happened
    invoiced_at     timestamptz   NULL,
    paid_amount     numeric(18,2) NOT NULL DEFAULT 0,
    settled_on      date          NULL,                            -- receivedAt of the payment that completed it
    overdue_since   date          NULL,                            -- set by the overdue scan
    status          text GENERATED ALWAYS AS (
        CASE WHEN paid_amount >= amount THEN 'paid'
             WHEN overdue_since IS NOT NULL THEN 'overdue'
             WHEN paid_amount > 0 THEN 'partially_paid'
             WHEN invoiced_at IS NOT NULL THEN 'invoiced'
             WHEN due_date IS NOT NULL THEN 'due'
             ELSE 'planned' END) STORED,
    UNIQUE (contract_id, seq)
);
-- Aging, overdue scan and DSO read open receivables per account by due date without touching the contract.
CREATE INDEX milestones_receivable ON milestones (account_id, due_date) INCLUDE (currency, amount, paid_amount, settled_on)
    WHERE due_date IS NOT NULL;
CREATE INDEX milestones_open_due ON milestones (due_date) WHERE due_date IS NOT NULL AND settled_on IS NULL;

-- Evidence chain: append-only. No route edits or deletes it, and the triggers below refuse it even to the
-- service's own database role (a bug or a hand-typed UPDATE cannot rewrite what a court may later read).
CREATE TABLE evidence (
    id           uuid PRIMARY KEY,
    contract_id  uuid        NOT NULL REFERENCES contracts (id),
    milestone_id uuid        NULL,                                 -- history: keeps the id even if a draft plan is replaced
    seq          int         NOT NULL,
    kind         text        NOT NULL,
    reference    text        NOT NULL,
    occurred_at  timestamptz NOT NULL,
    note         text        NULL,
    sha256       text        NULL,
    recorded_by  uuid        NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    UNIQUE (contract_id, seq)
);
CREATE INDEX evidence_milestone ON evidence (milestone_id) WHERE milestone_id IS NOT NULL;

CREATE FUNCTION evidence_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'evidence is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER evidence_no_update_delete BEFORE UPDATE OR DELETE ON evidence
    FOR EACH ROW EXECUTE FUNCTION evidence_is_append_only();
CREATE TRIGGER evidence_no_truncate BEFORE TRUNCATE ON evidence
    FOR EACH STATEMENT EXECUTE FUNCTION evidence_is_append_only();

CREATE TABLE invoices (
    id           uuid PRIMARY KEY,
    contract_id  uuid          NOT NULL REFERENCES contracts (id),
    milestone_id uuid          NOT NULL REFERENCES milestones (id),
    amount       numeric(18,2) NOT NULL,
    currency     text          NOT NULL,
    requested_by uuid          NOT NULL,
    requested_at timestamptz   NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX invoices_milestone ON invoices (milestone_id);

CREATE TABLE payments (
    id               uuid PRIMARY KEY,
    contract_id      uuid          NOT NULL REFERENCES contracts (id),
    external_ref     text          NOT NULL UNIQUE,                -- a repeat answers the first payment
    amount           numeric(18,2) NOT NULL CHECK (amount > 0),
    currency         text          NOT NULL,
    received_at      date          NOT NULL,
    milestone_id     uuid          NULL,
    unapplied_amount numeric(18,2) NOT NULL DEFAULT 0,
    source           text          NOT NULL,                       -- api | erp
    recorded_by      uuid          NOT NULL,
    created_at       timestamptz   NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX payments_contract ON payments (contract_id, received_at);

CREATE TABLE payment_applications (
    id           uuid PRIMARY KEY,
    payment_id   uuid          NOT NULL REFERENCES payments (id),
    milestone_id uuid          NOT NULL REFERENCES milestones (id),
    amount       numeric(18,2) NOT NULL,
    received_at  date          NOT NULL
);
CREATE INDEX payment_applications_milestone ON payment_applications (milestone_id) INCLUDE (received_at, amount);

CREATE TABLE follow_ups (
    id             uuid PRIMARY KEY,
    contract_id    uuid        NOT NULL REFERENCES contracts (id),
    milestone_id   uuid        NOT NULL REFERENCES milestones (id),
    date           date        NOT NULL,
    stakeholder_id uuid        NULL,
    action         text        NOT NULL,
    promised_date  date        NULL,
    result         text        NULL,
    recorded_by    uuid        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX follow_ups_milestone ON follow_ups (milestone_id, date DESC, id DESC);

-- One row per (milestone, threshold) announced: 0/30/60/90 days each go out exactly once.
CREATE TABLE overdue_notices (
    milestone_id uuid        NOT NULL REFERENCES milestones (id),
    threshold    int         NOT NULL,
    as_of        date        NOT NULL,
    emitted_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (milestone_id, threshold)
);
