-- The region copied onto opportunities (0002) followed AccountUpdated on a queue of its own, beside the directory's
-- consumer of the same event, and two orders left it wrong for good: an opportunity opened after the region consumer
-- had run but before the directory moved kept the old region, and a move and its reversal applied newest first took
-- the older region. The directory is where the event order is sorted out (as_of), so PostgreSQL now copies its region
-- whenever it moves, as success-api does for contracts (its 0007). An opportunity only exists once its account is in
-- the directory (OpportunityStore reads the region from it, its row locked), so an insert needs no trigger.
CREATE FUNCTION account_directory_region_to_opportunities() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE opportunities SET account_region = NEW.region, account_region_as_of = NEW.as_of
    WHERE account_id = NEW.id AND account_region IS DISTINCT FROM NEW.region;
    RETURN NULL;
END $$;
CREATE TRIGGER account_directory_region_to_opportunities AFTER UPDATE OF region ON account_directory
    FOR EACH ROW WHEN (OLD.region IS DISTINCT FROM NEW.region) EXECUTE FUNCTION account_directory_region_to_opportunities();

-- Whatever a past order left behind.
UPDATE opportunities o SET account_region = d.region, account_region_as_of = d.as_of
FROM account_directory d WHERE d.id = o.account_id AND o.account_region IS DISTINCT FROM d.region;
