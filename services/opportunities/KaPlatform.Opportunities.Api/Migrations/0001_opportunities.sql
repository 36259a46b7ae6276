CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- docs/product.md §2.1: leads and their BANT answers (kept even when the qualification is refused).
CREATE TABLE leads (
    id              uuid PRIMARY KEY,
    account_id      uuid          NOT NULL,
    title           text          NOT NULL,
    source          text          NOT NULL,
    purchase_type   text          NOT NULL,
    estimated_value numeric(18,2) NULL,
    currency        text          NOT NULL DEFAULT 'CNY',
    owner_id        uuid          NOT NULL,
    status          text          NOT NULL DEFAULT 'new',
    bant            jsonb         NULL,
    opportunity_id  uuid          NULL,
    disqualify_reason text        NULL,
    created_by      uuid          NOT NULL,
    created_at      timestamptz   NOT NULL DEFAULT clock_timestamp(),
    updated_at      timestamptz   NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX leads_account ON leads (account_id, id);
CREATE INDEX leads_owner ON leads (owner_id, id);
CREATE INDEX leads_title_trgm ON leads USING gin (title gin_trgm_ops);

CREATE TABLE lead_follow_ups (
    id         uuid PRIMARY KEY,
    lead_id    uuid        NOT NULL REFERENCES leads (id),
    date       date        NOT NULL,
    action     text        NOT NULL,
    result     text        NULL,
    next_step  text        NULL,
    created_by uuid        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX lead_follow_ups_lead ON lead_follow_ups (lead_id, date);

-- docs/product.md §2.2. forecast_on is the date an opportunity counts in a period: the actual close date once won or lost,
-- the expected close date while open. One column lets the forecast read one index range.
CREATE TABLE opportunities (
    id                  uuid PRIMARY KEY,
    account_id          uuid          NOT NULL,
    name                text          NOT NULL,
    type                text          NOT NULL,
    amount              numeric(18,2) NOT NULL,
    currency            text          NOT NULL DEFAULT 'CNY',
    expected_close_date date          NULL,
    stage               text          NOT NULL DEFAULT 'initiation',
    probability         int           NOT NULL,
    probability_reason  text          NULL,   -- set while the probability is overridden
    owner_id            uuid          NOT NULL,
    team                jsonb         NOT NULL DEFAULT '[]',
    competitors         jsonb         NOT NULL DEFAULT '[]',
    info_points         jsonb         NOT NULL DEFAULT '{}',
    close_date          date          NULL,
    loss_reason         text          NULL,
    loss_competitor     text          NULL,
    lead_id             uuid          NULL,
    source_contract_id  uuid          NULL,
    source_term_end     date          NULL,
    source_need_id      uuid          NULL,
    opened_on           date          NOT NULL DEFAULT current_date,
    forecast_on         date GENERATED ALWAYS AS (coalesce(close_date, expected_close_date)) STORED,
    created_at          timestamptz   NOT NULL DEFAULT clock_timestamp(),
    updated_at          timestamptz   NOT NULL DEFAULT clock_timestamp(),
    version             int           NOT NULL DEFAULT 1
);
CREATE INDEX opportunities_account ON opportunities (account_id, id);
CREATE INDEX opportunities_owner ON opportunities (owner_id, id);
-- Forecast: from the visible accounts (directory by region/team) into each account's period range, index-only.
CREATE INDEX opportunities_account_forecast ON opportunities (account_id, forecast_on)
    INCLUDE (stage, amount, probability, owner_id, currency);
CREATE INDEX opportunities_owner_forecast ON opportunities (owner_id, forecast_on)
    INCLUDE (account_id, stage, amount, probability, currency);
CREATE INDEX opportunities_opened ON opportunities (account_id, opened_on);
-- One renewal per contract term, one expansion per need, however often the event arrives.
CREATE UNIQUE INDEX opportunities_renewal_term ON opportunities (source_contract_id, source_term_end) WHERE source_contract_id IS NOT NULL;
CREATE UNIQUE INDEX opportunities_expansion_need ON opportunities (source_need_id) WHERE source_need_id IS NOT NULL;

CREATE TABLE opportunity_stage_history (
    id              uuid PRIMARY KEY,
    opportunity_id  uuid        NOT NULL REFERENCES opportunities (id),
    from_stage      text        NULL,
    to_stage        text        NOT NULL,
    probability     int         NOT NULL,
    overridden      boolean     NOT NULL DEFAULT false,
    override_reason text        NULL,
    failed          text[]      NOT NULL DEFAULT '{}',
    actor_id        uuid        NOT NULL,
    at              timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX opportunity_stage_history_opportunity ON opportunity_stage_history (opportunity_id, at);

CREATE TABLE probability_overrides (
    id             uuid PRIMARY KEY,
    opportunity_id uuid        NOT NULL REFERENCES opportunities (id),
    stage          text        NOT NULL,
    probability    int         NULL,     -- null: back to the stage default
    reason         text        NOT NULL,
    actor_id       uuid        NOT NULL,
    at             timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX probability_overrides_opportunity ON probability_overrides (opportunity_id, at);

-- docs/product.md §2.3
CREATE TABLE bids (
    id                  uuid PRIMARY KEY,
    opportunity_id      uuid          NOT NULL REFERENCES opportunities (id),
    account_id          uuid          NOT NULL,
    tender_ref          text          NOT NULL,
    issuer              text          NOT NULL,
    submission_deadline timestamptz   NOT NULL,
    bid_bond            jsonb         NULL,
    bond_due_date       date          NULL,   -- copy of bid_bond.dueDate for the dueWithinDays index
    price               numeric(18,2) NULL,
    currency            text          NOT NULL DEFAULT 'CNY',
    team                jsonb         NOT NULL DEFAULT '[]',
    documents           jsonb         NOT NULL DEFAULT '[]',
    clarifications      jsonb         NOT NULL DEFAULT '[]',
    status              text          NOT NULL DEFAULT 'preparing',
    decision            text          NULL,
    decision_reason     text          NULL,
    submitted_at        timestamptz   NULL,
    outcome_reason      text          NULL,
    created_at          timestamptz   NOT NULL DEFAULT clock_timestamp(),
    updated_at          timestamptz   NOT NULL DEFAULT clock_timestamp(),
    version             int           NOT NULL DEFAULT 1
);
CREATE INDEX bids_opportunity ON bids (opportunity_id, created_at);
CREATE INDEX bids_deadline ON bids (submission_deadline) WHERE status = 'preparing';
CREATE INDEX bids_bond_due ON bids (bond_due_date) WHERE bond_due_date IS NOT NULL;

-- docs/product.md §2.4: targets are adjusted in the open; every change keeps its reason.
CREATE TABLE targets (
    id         uuid PRIMARY KEY,
    owner_id   uuid          NOT NULL,
    period     text          NOT NULL,
    amount     numeric(18,2) NOT NULL,
    currency   text          NOT NULL DEFAULT 'CNY',
    region     text          NULL,
    created_by uuid          NOT NULL,
    created_at timestamptz   NOT NULL DEFAULT clock_timestamp(),
    updated_at timestamptz   NOT NULL DEFAULT clock_timestamp(),
    version    int           NOT NULL DEFAULT 1,
    UNIQUE (owner_id, period)
);
CREATE INDEX targets_period ON targets (period, region);

CREATE TABLE target_adjustments (
    id          uuid PRIMARY KEY,
    target_id   uuid          NOT NULL REFERENCES targets (id),
    from_amount numeric(18,2) NULL,
    to_amount   numeric(18,2) NOT NULL,
    reason      text          NOT NULL,
    actor_id    uuid          NOT NULL,
    at          timestamptz   NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX target_adjustments_target ON target_adjustments (target_id, at);

-- Projections of accounts-api's decision chain, for the stage gates (no synchronous call on the request path).
CREATE TABLE stakeholders (
    id          uuid PRIMARY KEY,
    account_id  uuid        NOT NULL,
    name        text        NOT NULL,
    buying_roles text[]     NOT NULL DEFAULT '{}',
    stance      text        NOT NULL,
    influence   int         NOT NULL,
    active      boolean     NOT NULL DEFAULT true,
    as_of       timestamptz NOT NULL
);
CREATE INDEX stakeholders_account ON stakeholders (account_id) WHERE active;

CREATE TABLE interactions (
    id              uuid PRIMARY KEY,
    account_id      uuid        NOT NULL,
    stakeholder_ids uuid[]      NOT NULL DEFAULT '{}',
    occurred_at     timestamptz NOT NULL
);
CREATE INDEX interactions_account ON interactions (account_id, occurred_at DESC);
