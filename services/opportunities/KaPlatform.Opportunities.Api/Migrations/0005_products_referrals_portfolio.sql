-- docs/product.md §9 products (产品分类): the catalogue. Codes are unique whatever their case, as people type them.
CREATE TABLE products (
    id         uuid PRIMARY KEY,
    code       text          NOT NULL,
    name       text          NOT NULL,
    family     text          NOT NULL,
    unit       text          NOT NULL,
    list_price numeric(18,2) NOT NULL,
    active     boolean       NOT NULL DEFAULT true,
    created_at timestamptz   NOT NULL DEFAULT clock_timestamp(),
    updated_at timestamptz   NOT NULL DEFAULT clock_timestamp(),
    version    int           NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX products_code ON products (lower(code));
CREATE INDEX products_family ON products (family, code);

-- Lines of an opportunity. The family is the product's at the time the line was written, so a later
-- reclassification of the catalogue does not move booked business between families. exact_amount keeps
-- quantity × unitPrice × (1 − discountPct ÷ 100) unrounded: the opportunity's amount and the family sums round once.
CREATE TABLE opportunity_lines (
    opportunity_id uuid          NOT NULL REFERENCES opportunities (id),
    position       int           NOT NULL,
    product_id     uuid          NOT NULL REFERENCES products (id),
    family         text          NOT NULL,
    quantity       numeric(18,4) NOT NULL,
    unit_price     numeric(18,2) NOT NULL,
    discount_pct   numeric(5,2)  NOT NULL,
    exact_amount   numeric       NOT NULL,
    PRIMARY KEY (opportunity_id, position)
);
CREATE INDEX opportunity_lines_family ON opportunity_lines (family, opportunity_id) INCLUDE (exact_amount);

-- Targets per product family with a floor (保底目标); one target per owner, period and family (null = overall).
ALTER TABLE targets ADD COLUMN product_family text NULL, ADD COLUMN floor numeric(18,2) NULL;
ALTER TABLE targets DROP CONSTRAINT targets_owner_id_period_key;
CREATE UNIQUE INDEX targets_owner_period_family ON targets (owner_id, period, coalesce(product_family, ''));
ALTER TABLE target_adjustments ADD COLUMN from_floor numeric(18,2) NULL, ADD COLUMN to_floor numeric(18,2) NULL;

-- Referrals (转介绍): who brought the lead.
ALTER TABLE leads ADD COLUMN referred_by_account_id uuid NULL, ADD COLUMN referred_by_stakeholder_id uuid NULL;
CREATE INDEX leads_referred_by ON leads (referred_by_account_id, id) WHERE referred_by_account_id IS NOT NULL;

-- Portfolio load: the class of each account from accounts-api's AccountClassified (newest fiscal year wins).
CREATE TABLE account_classes (
    account_id  uuid PRIMARY KEY,
    class       text        NOT NULL,
    fiscal_year int         NOT NULL,
    as_of       timestamptz NOT NULL
);

CREATE TABLE portfolio_settings (
    id                  int PRIMARY KEY CHECK (id = 1),
    max_key_accounts    int         NOT NULL,
    max_accounts        int         NOT NULL,
    fiscal_year_start_month int     NOT NULL,
    updated_by          uuid        NULL,
    updated_at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    version             int         NOT NULL DEFAULT 1
);
INSERT INTO portfolio_settings (id, max_key_accounts, max_accounts, fiscal_year_start_month) VALUES (1, 8, 25, 1);
