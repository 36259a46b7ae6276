-- docs/product.md §9 referrals (转介绍): which account brought which lead, and the opportunity the lead became.
-- LeadReferred and LeadQualified arrive on separate queues in any order: each fills its own columns.
CREATE TABLE referrals (
    lead_id                    uuid PRIMARY KEY,
    account_id                 uuid NULL,   -- the referred (new) customer
    referred_by_account_id     uuid NULL,   -- null until LeadReferred: a qualified lead that was not referred stays out of every figure
    referred_by_stakeholder_id uuid NULL,
    referred_on                date NULL,
    opportunity_id             uuid NULL
);
CREATE INDEX referrals_referrer ON referrals (referred_by_account_id, referred_on) WHERE referred_by_account_id IS NOT NULL;
CREATE INDEX referrals_opportunity ON referrals (opportunity_id) WHERE opportunity_id IS NOT NULL;
