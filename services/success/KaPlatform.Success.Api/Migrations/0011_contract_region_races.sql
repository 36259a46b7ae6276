-- 0007 copies the account's region onto its contracts from both sides (a contract takes it when written, the
-- directory hands it over when an account enters or moves), but each side read only what was committed, so a contract
-- written while another transaction wrote its account's directory row was seen by neither and kept no region, or the
-- old one, for good: out of every director's revenue. A move now waits for the contract being written (the directory
-- row is read FOR SHARE), and a contract written while its account was entering the directory is given its region by
-- RevenueRollupCompaction every five minutes, as 0008 does for notices.
CREATE OR REPLACE FUNCTION contracts_take_region() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.account_region := (SELECT region FROM account_directory WHERE id = NEW.account_id FOR SHARE);
    RETURN NEW;
END $$;

CREATE INDEX contracts_without_region ON contracts (account_id) WHERE account_region IS NULL;

-- Returns how many contracts it gave a region (the revenue rollup's update trigger counts them in).
CREATE FUNCTION contracts_take_missing_regions() RETURNS integer LANGUAGE sql AS $$
    WITH given AS (
        UPDATE contracts c SET account_region = d.region
        FROM account_directory d
        WHERE c.account_region IS NULL AND d.id = c.account_id
        RETURNING 1)
    SELECT count(*)::integer FROM given
$$;
