-- success-api keeps its own picture of each account, built only from other services' events (docs/product.md §4).

-- Facts about an account that health and revenue need beyond the account directory.
CREATE TABLE success_accounts (
    account_id     uuid PRIMARY KEY,
    registered_at  timestamptz NULL,     -- the baseline for engagement before the first interaction
    class          text        NULL,     -- A..D from AccountClassified
    classified_at  timestamptz NULL
);
CREATE INDEX success_accounts_class ON success_accounts (class);

CREATE TABLE stakeholders (
    id                  uuid PRIMARY KEY,
    account_id          uuid          NOT NULL,
    name                text          NOT NULL,
    title               text          NULL,
    buying_roles        text[]        NOT NULL DEFAULT '{}',
    influence           int           NOT NULL,
    stance              text          NOT NULL,
    composite_closeness numeric(5,2)  NOT NULL,
    departed_at         date          NULL,
    as_of               timestamptz   NOT NULL
);
CREATE INDEX stakeholders_account ON stakeholders (account_id);

CREATE TABLE interactions (
    id              uuid PRIMARY KEY,
    account_id      uuid        NOT NULL,
    kind            text        NOT NULL,
    occurred_at     timestamptz NOT NULL,
    stakeholder_ids uuid[]      NOT NULL DEFAULT '{}'
);
CREATE INDEX interactions_account_time ON interactions (account_id, occurred_at DESC);

CREATE TABLE opportunities (
    id                 uuid PRIMARY KEY,
    account_id         uuid          NOT NULL,
    owner_id           uuid          NOT NULL,
    type               text          NOT NULL,
    amount             numeric(18,2) NOT NULL,
    currency           text          NOT NULL,
    stage              text          NOT NULL,
    status             text          NOT NULL DEFAULT 'open',   -- open | won | lost
    expected_close_date date         NULL,
    close_date         date          NULL,
    source_contract_id uuid          NULL,
    source_need_id     uuid          NULL,
    loss_reason        text          NULL,
    competitor         text          NULL,
    as_of              timestamptz   NOT NULL
);
CREATE INDEX opportunities_account ON opportunities (account_id);

CREATE TABLE contracts (
    id             uuid PRIMARY KEY,
    account_id     uuid          NOT NULL,
    opportunity_id uuid          NULL,
    number         text          NOT NULL,
    amount         numeric(18,2) NOT NULL,
    currency       text          NOT NULL,
    status         text          NOT NULL,   -- draft | signed | completed
    signed_at      date          NULL,
    start_date     date          NULL,
    end_date       date          NULL
);
CREATE INDEX contracts_account ON contracts (account_id);
CREATE INDEX contracts_signed_at ON contracts (signed_at, account_id) INCLUDE (amount, currency) WHERE signed_at IS NOT NULL;
CREATE INDEX contracts_opportunity ON contracts (opportunity_id);

-- Milestones are known from their invoice request and their overdue notices; outstanding is what the last
-- overdue notice said minus payments applied to the milestone after it.
CREATE TABLE milestones (
    id                  uuid PRIMARY KEY,
    contract_id         uuid          NOT NULL,
    account_id          uuid          NOT NULL,
    kind                text          NULL,
    invoiced_amount     numeric(18,2) NULL,
    currency            text          NOT NULL DEFAULT 'CNY',
    due_date            date          NULL,
    overdue_outstanding numeric(18,2) NULL,
    overdue_as_of       timestamptz   NULL,
    overdue_threshold   int           NULL
);
CREATE INDEX milestones_account ON milestones (account_id);

CREATE TABLE payments (
    event_id     uuid PRIMARY KEY,     -- one PaymentReceived per milestone application
    payment_id   uuid          NOT NULL,
    contract_id  uuid          NOT NULL,
    account_id   uuid          NOT NULL,
    milestone_id uuid          NULL,
    amount       numeric(18,2) NOT NULL,
    currency     text          NOT NULL,
    received_at  date          NOT NULL,
    external_ref text          NOT NULL,
    recorded_at  timestamptz   NOT NULL
);
CREATE INDEX payments_account ON payments (account_id);
CREATE INDEX payments_milestone ON payments (milestone_id);

CREATE TABLE health_scores (
    account_id  uuid PRIMARY KEY,
    score       int         NOT NULL,
    band        text        NOT NULL,
    components  jsonb       NOT NULL,
    computed_at timestamptz NOT NULL
);

CREATE TABLE health_history (
    id          uuid PRIMARY KEY,
    account_id  uuid        NOT NULL,
    score       int         NOT NULL,
    band        text        NOT NULL,
    components  jsonb       NOT NULL,
    computed_at timestamptz NOT NULL
);
CREATE INDEX health_history_account ON health_history (account_id, id DESC);

CREATE TABLE alerts (
    id              uuid PRIMARY KEY,
    account_id      uuid        NOT NULL,
    kind            text        NOT NULL,
    severity        text        NOT NULL,
    reason          text        NOT NULL,
    playbook        text[]      NOT NULL,
    status          text        NOT NULL DEFAULT 'open',   -- open | acknowledged | resolved
    raised_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
    acknowledged_at timestamptz NULL,
    acknowledged_by uuid        NULL,
    resolved_at     timestamptz NULL,
    resolved_by     uuid        NULL,
    note            text        NULL,
    version         int         NOT NULL DEFAULT 1
);
-- docs/product.md §4.2: one unresolved alert per kind and account; an acknowledged alert is still being worked on.
CREATE UNIQUE INDEX alerts_one_open ON alerts (account_id, kind) WHERE status IN ('open', 'acknowledged');
CREATE INDEX alerts_status ON alerts (status, id DESC);
CREATE INDEX alerts_account ON alerts (account_id, id DESC);

CREATE TABLE renewals (
    id                 uuid PRIMARY KEY,
    contract_id        uuid          NOT NULL UNIQUE,
    account_id         uuid          NOT NULL,
    contract_number    text          NOT NULL,
    end_date           date          NOT NULL,
    amount             numeric(18,2) NOT NULL,
    currency           text          NOT NULL,
    signed_at          date          NOT NULL,
    status             text          NOT NULL DEFAULT 'upcoming',   -- upcoming | opportunity_open | renewed | churned
    due_published_at   timestamptz   NULL,
    opportunity_id     uuid          NULL,
    renewal_amount     numeric(18,2) NULL,
    renewal_date       date          NULL
);
CREATE INDEX renewals_end_date ON renewals (end_date, id);
CREATE INDEX renewals_not_due ON renewals (end_date) WHERE due_published_at IS NULL;
CREATE INDEX renewals_opportunity ON renewals (opportunity_id);

CREATE TABLE reviews (
    id            uuid PRIMARY KEY,
    account_id    uuid        NOT NULL,
    date          date        NOT NULL,
    satisfaction  int         NOT NULL CHECK (satisfaction BETWEEN 1 AND 5),
    outcomes      text        NULL,
    service_level text        NOT NULL,
    created_by    uuid        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX reviews_account ON reviews (account_id, date DESC, id DESC);

CREATE TABLE review_needs (
    id              uuid PRIMARY KEY,
    review_id       uuid          NOT NULL REFERENCES reviews (id),
    account_id      uuid          NOT NULL,
    description     text          NOT NULL,
    estimated_value numeric(18,2) NULL,
    currency        text          NOT NULL,
    opportunity_id  uuid          NULL
);
CREATE INDEX review_needs_review ON review_needs (review_id);
CREATE INDEX review_needs_account ON review_needs (account_id);
