-- docs/product.md §1: the whole account model. pg_trgm because a tsvector cannot find substrings of Chinese text.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE accounts
    ADD COLUMN industry             text          NULL,
    ADD COLUMN category             text          NULL,
    ADD COLUMN purchase_pattern     text          NULL,
    ADD COLUMN lifecycle_stage      text          NULL,
    -- [{userId, role}]; team_user_ids stays the owner plus these users, for AccountScope and downstream services.
    ADD COLUMN team                 jsonb         NOT NULL DEFAULT '[]',
    -- Current classification, copied from the latest assessment so lists filter by class and hierarchies roll up in one query.
    ADD COLUMN class                text          NULL,
    ADD COLUMN contribution         numeric(18,2) NULL,
    ADD COLUMN potential            numeric(18,2) NULL,
    ADD COLUMN assessed_fiscal_year int           NULL;

UPDATE accounts SET team = (
    SELECT coalesce(jsonb_agg(jsonb_build_object('userId', u, 'role', CASE WHEN u = owner_id THEN 'owner' ELSE 'sales' END)), '[]')
    FROM unnest(team_user_ids) AS u);

-- Keyset lists are ordered by (name, id); the leading column follows the usual filter.
DROP INDEX IF EXISTS accounts_region;
CREATE INDEX accounts_name_id ON accounts (name, id);
CREATE INDEX accounts_region_name_id ON accounts (region, name, id);
CREATE INDEX accounts_owner_name_id ON accounts (owner_id, name, id);
CREATE INDEX accounts_class_name_id ON accounts (class, name, id);
CREATE INDEX accounts_parent ON accounts (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX accounts_name_trgm ON accounts USING gin (name gin_trgm_ops);

-- One row per settings document (e.g. 'classification'); absent means the defaults in code.
CREATE TABLE account_settings (
    key        text        PRIMARY KEY,
    value      jsonb       NOT NULL,
    version    int         NOT NULL DEFAULT 1,
    updated_by uuid        NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- Every assessment is kept: the classification history of docs/product.md §1.2.
CREATE TABLE assessments (
    id           uuid          PRIMARY KEY,
    account_id   uuid          NOT NULL REFERENCES accounts (id),
    fiscal_year  int           NOT NULL,
    class        text          NOT NULL,
    result       jsonb         NOT NULL,
    assessed_by  uuid          NOT NULL,
    assessed_at  timestamptz   NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX assessments_account ON assessments (account_id, assessed_at DESC, id DESC);

CREATE TABLE stakeholders (
    id                     uuid          PRIMARY KEY,
    account_id             uuid          NOT NULL REFERENCES accounts (id),
    name                   text          NOT NULL,
    title                  text          NULL,
    department             text          NULL,
    reports_to_id          uuid          NULL REFERENCES stakeholders (id),
    buying_roles           text[]        NOT NULL DEFAULT '{}',
    influence              int           NOT NULL,
    stance                 text          NOT NULL,
    relationship_closeness numeric(5,2)  NOT NULL DEFAULT 0,
    solution_acceptance    numeric(5,2)  NOT NULL DEFAULT 0,
    price_acceptance       numeric(5,2)  NOT NULL DEFAULT 0,
    behavior_style         text          NULL,
    preferences            text          NULL,
    interests_at_stake     text          NULL,
    status                 text          NOT NULL DEFAULT 'active',   -- active | departed
    left_at                date          NULL,
    moved_to_account_id    uuid          NULL,
    departure_note         text          NULL,
    created_by             uuid          NOT NULL,
    created_at             timestamptz   NOT NULL DEFAULT clock_timestamp(),
    updated_at             timestamptz   NOT NULL DEFAULT clock_timestamp(),
    version                int           NOT NULL DEFAULT 1
);
CREATE INDEX stakeholders_account ON stakeholders (account_id, status);
CREATE INDEX stakeholders_reports_to ON stakeholders (reports_to_id) WHERE reports_to_id IS NOT NULL;

-- Stance and influence as they changed (the first row of each is the starting value).
CREATE TABLE stakeholder_history (
    id             uuid        PRIMARY KEY,
    stakeholder_id uuid        NOT NULL REFERENCES stakeholders (id),
    field          text        NOT NULL,   -- stance | influence
    old_value      text        NULL,
    new_value      text        NOT NULL,
    changed_by     uuid        NOT NULL,
    changed_at     timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX stakeholder_history_stakeholder ON stakeholder_history (stakeholder_id, changed_at);

CREATE TABLE interactions (
    id              uuid        PRIMARY KEY,
    account_id      uuid        NOT NULL REFERENCES accounts (id),
    kind            text        NOT NULL,
    occurred_at     timestamptz NOT NULL,
    stakeholder_ids uuid[]      NOT NULL DEFAULT '{}',
    our_attendees   uuid[]      NOT NULL DEFAULT '{}',
    summary         text        NOT NULL,
    topics          text[]      NOT NULL DEFAULT '{}',
    next_steps      text        NULL,
    -- summary + topics + next steps: one trigram-indexed column so "what was said last time" is one query.
    search_text     text        NOT NULL,
    created_by      uuid        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX interactions_account ON interactions (account_id, occurred_at DESC, id DESC);
CREATE INDEX interactions_occurred ON interactions (occurred_at DESC, id DESC);
CREATE INDEX interactions_search ON interactions USING gin (search_text gin_trgm_ops);
CREATE INDEX interactions_stakeholders ON interactions USING gin (stakeholder_ids);

CREATE TABLE account_plans (
    id          uuid        PRIMARY KEY,
    account_id  uuid        NOT NULL REFERENCES accounts (id),
    fiscal_year int         NOT NULL,
    status      text        NOT NULL DEFAULT 'draft',   -- draft | approved
    currency    text        NOT NULL DEFAULT 'CNY',
    content     jsonb       NOT NULL,
    approved_by uuid        NULL,
    approved_at timestamptz NULL,
    created_by  uuid        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    version     int         NOT NULL DEFAULT 1,
    UNIQUE (account_id, fiscal_year)
);

CREATE TABLE plan_reviews (
    id          uuid        PRIMARY KEY,
    plan_id     uuid        NOT NULL REFERENCES account_plans (id),
    quarter     int         NOT NULL,
    notes       text        NOT NULL,
    adjustments text        NULL,
    reviewed_by uuid        NOT NULL,
    reviewed_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX plan_reviews_plan ON plan_reviews (plan_id, reviewed_at);

-- Facts from the other services' events, one row per business fact (a repeat of the same fact changes nothing).
CREATE TABLE plan_actuals (
    kind        text          NOT NULL,   -- opportunity_opened | opportunity_won | contract_signed | payment_received
    source_key  text          NOT NULL,
    account_id  uuid          NOT NULL,
    fiscal_year int           NOT NULL,
    amount      numeric(18,2) NOT NULL,
    currency    text          NOT NULL,
    occurred_on date          NOT NULL,
    PRIMARY KEY (kind, source_key)
);
CREATE INDEX plan_actuals_account_year ON plan_actuals (account_id, fiscal_year);
