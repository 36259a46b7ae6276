-- A director's forecast reads one index range (region, period) instead of probing every account of the region:
-- the account's region is copied onto its opportunities and kept current from AccountUpdated (as_of guards order).
ALTER TABLE opportunities ADD COLUMN account_region text NULL, ADD COLUMN account_region_as_of timestamptz NULL;
-- This module's migrations run before the account directory's, which does not exist yet in a fresh database.
DO $$
BEGIN
    IF to_regclass('account_directory') IS NOT NULL THEN
        UPDATE opportunities o SET account_region = d.region, account_region_as_of = d.as_of FROM account_directory d WHERE d.id = o.account_id;
    END IF;
END $$;
CREATE INDEX opportunities_region_forecast ON opportunities (account_region, forecast_on)
    INCLUDE (stage, amount, probability, owner_id, currency);
CREATE INDEX opportunities_region_opened ON opportunities (account_region, opened_on);
