-- Issue 18: a director's (or admin's) forecast reads this rollup — a few thousand rows — instead of every opportunity
-- of the region in the win-rate window. PostgreSQL keeps it, so no writer (API, projections, imports, a bulk COPY)
-- can forget it. Design and figures: docs/opportunities.md "Forecast rollup".
--
-- One row per region, month of forecast_on, stage and currency. A month is enough: every period (year, quarter,
-- month) and every win-rate window starts on the first of a month and ends on the last day of one. Opportunities
-- without forecast_on never count in a forecast and are left out. count, amount and weighted are the forecast's own
-- sums (weighted per opportunity as amount * probability / 100.0), unconstrained numeric so sums of sums are exact.
-- A row whose count falls to 0 is kept (the reader skips it): no delete racing a concurrent upsert of the same key.
CREATE TABLE forecast_rollup (
    account_region  text    NULL,
    forecast_month  date    NOT NULL,
    stage           text    NOT NULL,
    currency        text    NOT NULL,
    count           bigint  NOT NULL,
    amount          numeric NOT NULL,
    weighted        numeric NOT NULL
);
-- Opportunities of accounts not yet in the directory have no region; admin and finance still count them, so the key
-- treats that NULL as one region.
CREATE UNIQUE INDEX forecast_rollup_key ON forecast_rollup (account_region, forecast_month, stage, currency) NULLS NOT DISTINCT;

-- One grouped upsert per statement from the transition tables: a COPY of a million rows costs one aggregate, and an
-- UPDATE that leaves region, stage, currency, month, amount and probability alone nets to nothing and writes nothing.
-- Keys are upserted in key order so two statements lock shared rollup rows in the same order. The three branches differ
-- only in their source; they stay static SQL because plpgsql caches their plans: built with EXECUTE, the planning
-- cost 0.4 ms on every single-row UPDATE of the API (docs/benchmarks/2026-12-02.md §9b).
CREATE FUNCTION forecast_rollup_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO forecast_rollup AS r (account_region, forecast_month, stage, currency, count, amount, weighted)
        SELECT account_region, date_trunc('month', forecast_on)::date, stage, currency,
               count(*), sum(amount), sum(amount * probability / 100.0)
        FROM new_rows
        WHERE forecast_on IS NOT NULL
        GROUP BY 1, 2, 3, 4
        ORDER BY 1, 2, 3, 4
        ON CONFLICT (account_region, forecast_month, stage, currency) DO UPDATE
            SET count = r.count + excluded.count, amount = r.amount + excluded.amount, weighted = r.weighted + excluded.weighted;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO forecast_rollup AS r (account_region, forecast_month, stage, currency, count, amount, weighted)
        SELECT account_region, date_trunc('month', forecast_on)::date, stage, currency,
               -count(*), -sum(amount), -sum(amount * probability / 100.0)
        FROM old_rows
        WHERE forecast_on IS NOT NULL
        GROUP BY 1, 2, 3, 4
        ORDER BY 1, 2, 3, 4
        ON CONFLICT (account_region, forecast_month, stage, currency) DO UPDATE
            SET count = r.count + excluded.count, amount = r.amount + excluded.amount, weighted = r.weighted + excluded.weighted;
    ELSE
        INSERT INTO forecast_rollup AS r (account_region, forecast_month, stage, currency, count, amount, weighted)
        SELECT account_region, date_trunc('month', forecast_on)::date, stage, currency,
               sum(sign), sum(sign * amount), sum(sign * (amount * probability / 100.0))
        FROM (SELECT account_region, forecast_on, stage, currency, amount, probability, 1 AS sign FROM new_rows
              UNION ALL
              SELECT account_region, forecast_on, stage, currency, amount, probability, -1 AS sign FROM old_rows) c
        WHERE forecast_on IS NOT NULL
        GROUP BY 1, 2, 3, 4
        HAVING sum(sign) <> 0 OR sum(sign * amount) <> 0 OR sum(sign * (amount * probability / 100.0)) <> 0
        ORDER BY 1, 2, 3, 4
        ON CONFLICT (account_region, forecast_month, stage, currency) DO UPDATE
            SET count = r.count + excluded.count, amount = r.amount + excluded.amount, weighted = r.weighted + excluded.weighted;
    END IF;
    RETURN NULL;
END $$;

-- Transition tables allow one event per trigger, hence three.
CREATE TRIGGER opportunities_forecast_rollup_insert AFTER INSERT ON opportunities
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION forecast_rollup_apply();
CREATE TRIGGER opportunities_forecast_rollup_update AFTER UPDATE ON opportunities
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION forecast_rollup_apply();
CREATE TRIGGER opportunities_forecast_rollup_delete AFTER DELETE ON opportunities
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION forecast_rollup_apply();

-- TRUNCATE fires no DELETE trigger: emptying opportunities empties the rollup with it.
CREATE FUNCTION forecast_rollup_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE forecast_rollup;
    RETURN NULL;
END $$;
CREATE TRIGGER opportunities_forecast_rollup_truncate AFTER TRUNCATE ON opportunities
    FOR EACH STATEMENT EXECUTE FUNCTION forecast_rollup_truncate();

-- Backfill after the triggers exist, in the same transaction: CREATE TRIGGER holds a lock that waits for writers in
-- flight and holds back new ones until commit, so every row is counted exactly once (here or by the triggers).
INSERT INTO forecast_rollup (account_region, forecast_month, stage, currency, count, amount, weighted)
SELECT account_region, date_trunc('month', forecast_on)::date, stage, currency,
       count(*), sum(amount), sum(amount * probability / 100.0)
FROM opportunities
WHERE forecast_on IS NOT NULL
GROUP BY 1, 2, 3, 4;
