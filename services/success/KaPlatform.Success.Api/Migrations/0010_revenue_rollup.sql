-- Issue 18: a director's revenue page (a region's calendar quarter or year: its totals and first rows) read every
-- contract of the region signed up to the period's end and grouped them per account (×10: 277,224 contracts into
-- 178,766 sums, p95 714 ms, of which PostgreSQL alone 300+ ms). The per-account figures and the region's sums of them
-- are kept here instead, by PostgreSQL itself as contracts are written, so the page reads one sum, one index range of
-- a hundred rows and a few hundred monthly amounts. docs/success.md "The revenue rollup".
--
-- What is kept, per region (the region copied onto the contracts, migration 0007):
--   revenue_account_periods  each account's revenue in a quarter or year and in the one before (base currency);
--   revenue_period_totals    the report's sums over those accounts, as deltas appended per statement (no row that
--                            every signing in a region would lock) and merged by RevenueRollupCompaction;
--   revenue_month_amounts    signed amounts per currency and month as they were signed (deltas too): `cumulative`
--                            and the currencies without a rate.
-- Amounts are converted with revenue_fx_rates, the configured rates; revenue_rollup_state.rates names the rates the
-- rollup was built with, and the report uses the rollup only when they are the service's (RevenueRollup.cs).

CREATE TABLE revenue_fx_rates (
    currency text    PRIMARY KEY,
    rate     numeric NOT NULL
);

CREATE TABLE revenue_rollup_state (
    singleton boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    rates     text        NULL,        -- "CNY=1;USD=7.2": the rates it was built with; NULL: never built
    built_at  timestamptz NULL
);
INSERT INTO revenue_rollup_state DEFAULT VALUES;

CREATE TABLE revenue_account_periods (
    region     text    NOT NULL,
    grain      text    NOT NULL CHECK (grain IN ('quarter', 'year')),
    period     date    NOT NULL,       -- the first day of the quarter or year
    account_id uuid    NOT NULL,
    revenue    numeric NOT NULL,       -- signed in the period, base currency
    previous   numeric NOT NULL,       -- signed in the period before (P₀)
    PRIMARY KEY (region, grain, period, account_id)
);
-- The report's row order (revenue in both periods, largest first, then the account id), rows that count only.
CREATE INDEX revenue_account_periods_order ON revenue_account_periods (region, grain, period, (revenue + previous) DESC, account_id)
    WHERE revenue > 0 OR previous > 0;

CREATE TABLE revenue_period_totals (
    region      text    NOT NULL,
    grain       text    NOT NULL,
    period      date    NOT NULL,
    accounts    bigint  NOT NULL,
    revenue     numeric NOT NULL,
    previous    numeric NOT NULL,
    recurring   numeric NOT NULL,
    expansion   numeric NOT NULL,
    contraction numeric NOT NULL,
    churned     numeric NOT NULL,
    new         numeric NOT NULL,
    retained    numeric NOT NULL       -- revenue of the accounts that had revenue in P₀ (nrr's numerator)
);
CREATE INDEX revenue_period_totals_key ON revenue_period_totals (region, grain, period);

CREATE TABLE revenue_month_amounts (
    region    text    NOT NULL,
    currency  text    NOT NULL,
    month     date    NOT NULL,
    amount    numeric NOT NULL,        -- as signed, not converted
    contracts bigint  NOT NULL
);
CREATE INDEX revenue_month_amounts_key ON revenue_month_amounts (region, month);

-- One signed contract entering (+1) or leaving (-1) the figures.
CREATE TYPE revenue_change AS (region text, account_id uuid, currency text, signed_at date, amount numeric, sign int);

-- Applies a set of changes: a contract counts as revenue of its quarter and year and as previous revenue of the quarter
-- and year after them. Each account's row is updated in place (its lock is the account's, which concurrent signings of
-- other accounts never wait for); what that does to the region's sums is the difference between the row's
-- contribution after and before, appended as a delta.
CREATE FUNCTION revenue_rollup_apply(changes revenue_change[]) RETURNS void LANGUAGE sql AS $$
    WITH c AS (
        SELECT ch.region, ch.account_id, ch.currency, ch.signed_at, ch.sign * ch.amount AS amount, ch.sign,
               ch.sign * ch.amount * r.rate AS converted
        FROM unnest(changes) ch
        LEFT JOIN revenue_fx_rates r ON r.currency = ch.currency
    ), months AS (
        INSERT INTO revenue_month_amounts (region, currency, month, amount, contracts)
        SELECT region, currency, date_trunc('month', signed_at)::date, sum(amount), sum(sign)
        FROM c GROUP BY 1, 2, 3
    ), shares AS (
        SELECT c.region, s.grain, s.period, c.account_id,
               coalesce(sum(c.converted) FILTER (WHERE s.current), 0) AS revenue,
               coalesce(sum(c.converted) FILTER (WHERE NOT s.current), 0) AS previous
        FROM c
        CROSS JOIN LATERAL (VALUES
            ('quarter', date_trunc('quarter', c.signed_at)::date, true),
            ('quarter', (date_trunc('quarter', c.signed_at) + interval '3 months')::date, false),
            ('year', date_trunc('year', c.signed_at)::date, true),
            ('year', (date_trunc('year', c.signed_at) + interval '1 year')::date, false)) s (grain, period, current)
        WHERE c.converted IS NOT NULL
        GROUP BY 1, 2, 3, 4
    ), updated AS (
        INSERT INTO revenue_account_periods AS t (region, grain, period, account_id, revenue, previous)
        SELECT region, grain, period, account_id, revenue, previous FROM shares
        ORDER BY region, grain, period, account_id
        ON CONFLICT (region, grain, period, account_id) DO UPDATE
            SET revenue = t.revenue + EXCLUDED.revenue, previous = t.previous + EXCLUDED.previous
        RETURNING t.region, t.grain, t.period, t.account_id, t.revenue, t.previous
    )
    -- docs/product.md §4.4 per account, as RevenueMetrics.Compute has it; an account counts when it has revenue in P or P₀.
    INSERT INTO revenue_period_totals (region, grain, period, accounts, revenue, previous, recurring, expansion, contraction, churned, new, retained)
    SELECT u.region, u.grain, u.period,
           sum(v.sign),
           sum(v.sign * v.rev),
           sum(v.sign * v.prev),
           sum(v.sign * least(v.rev, v.prev)),
           sum(v.sign * CASE WHEN v.prev > 0 THEN greatest(0, v.rev - v.prev) ELSE 0 END),
           sum(v.sign * CASE WHEN v.rev > 0 AND v.prev > 0 THEN greatest(0, v.prev - v.rev) ELSE 0 END),
           sum(v.sign * CASE WHEN v.rev = 0 THEN v.prev ELSE 0 END),
           sum(v.sign * CASE WHEN v.prev = 0 THEN v.rev ELSE 0 END),
           sum(v.sign * CASE WHEN v.prev > 0 THEN v.rev ELSE 0 END)
    FROM updated u
    JOIN shares s USING (region, grain, period, account_id)
    CROSS JOIN LATERAL (VALUES (1, u.revenue, u.previous), (-1, u.revenue - s.revenue, u.previous - s.previous)) v (sign, rev, prev)
    WHERE v.rev > 0 OR v.prev > 0
    GROUP BY 1, 2, 3;
$$;

-- Per statement, so a COPY of a million contracts (or the directory handing a million of them their region) applies
-- one set; only signed contracts of an account in the directory count, and an update only when a counted column moved.
-- Sets go to revenue_rollup_apply 100,000 changes at a time: an array holds at most 1 GB, about ten million changes.
CREATE FUNCTION contracts_revenue_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changes revenue_change[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        FOR changes IN
            SELECT array_agg(ch) FROM (
                SELECT ROW(n.account_region, n.account_id, n.currency, n.signed_at, n.amount, 1)::revenue_change AS ch, row_number() OVER () / 100000 AS chunk
                FROM new_rows n WHERE n.signed_at IS NOT NULL AND n.account_region IS NOT NULL) x
            GROUP BY chunk
        LOOP
            PERFORM revenue_rollup_apply(changes);
        END LOOP;
    ELSIF TG_OP = 'DELETE' THEN
        FOR changes IN
            SELECT array_agg(ch) FROM (
                SELECT ROW(o.account_region, o.account_id, o.currency, o.signed_at, o.amount, -1)::revenue_change AS ch, row_number() OVER () / 100000 AS chunk
                FROM old_rows o WHERE o.signed_at IS NOT NULL AND o.account_region IS NOT NULL) x
            GROUP BY chunk
        LOOP
            PERFORM revenue_rollup_apply(changes);
        END LOOP;
    ELSE
        FOR changes IN
            SELECT array_agg(ch) FROM (
                SELECT v.ch, row_number() OVER () / 100000 AS chunk
                FROM old_rows o
                JOIN new_rows n ON n.id = o.id
                CROSS JOIN LATERAL (VALUES
                    (o.signed_at IS NOT NULL AND o.account_region IS NOT NULL,
                     ROW(o.account_region, o.account_id, o.currency, o.signed_at, o.amount, -1)::revenue_change),
                    (n.signed_at IS NOT NULL AND n.account_region IS NOT NULL,
                     ROW(n.account_region, n.account_id, n.currency, n.signed_at, n.amount, 1)::revenue_change)) v (counts, ch)
                WHERE v.counts
                  AND (o.account_region, o.account_id, o.currency, o.signed_at, o.amount)
                      IS DISTINCT FROM (n.account_region, n.account_id, n.currency, n.signed_at, n.amount)) x
            GROUP BY chunk
        LOOP
            PERFORM revenue_rollup_apply(changes);
        END LOOP;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER contracts_revenue_rollup_insert AFTER INSERT ON contracts
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION contracts_revenue_rollup();
CREATE TRIGGER contracts_revenue_rollup_update AFTER UPDATE ON contracts
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION contracts_revenue_rollup();
CREATE TRIGGER contracts_revenue_rollup_delete AFTER DELETE ON contracts
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION contracts_revenue_rollup();

-- TRUNCATE fires no DELETE trigger: emptying the contracts empties the rollup with them.
CREATE FUNCTION contracts_revenue_rollup_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE revenue_account_periods, revenue_period_totals, revenue_month_amounts;
    RETURN NULL;
END $$;
CREATE TRIGGER contracts_revenue_rollup_truncate AFTER TRUNCATE ON contracts
    FOR EACH STATEMENT EXECUTE FUNCTION contracts_revenue_rollup_truncate();

-- Everything again from the contracts, with other rates: at start-up when the configured rates are not the ones the
-- rollup was built with (the first start after this migration included). Contracts cannot change meanwhile.
CREATE FUNCTION revenue_rollup_rebuild(p_currencies text[], p_rates numeric[], p_key text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    changes revenue_change[];
BEGIN
    LOCK TABLE contracts IN SHARE MODE;
    TRUNCATE revenue_account_periods, revenue_period_totals, revenue_month_amounts;
    DELETE FROM revenue_fx_rates;
    INSERT INTO revenue_fx_rates (currency, rate) SELECT * FROM unnest(p_currencies, p_rates);
    FOR changes IN
        SELECT array_agg(ch) FROM (
            SELECT ROW(c.account_region, c.account_id, c.currency, c.signed_at, c.amount, 1)::revenue_change AS ch, row_number() OVER () / 100000 AS chunk
            FROM contracts c WHERE c.signed_at IS NOT NULL AND c.account_region IS NOT NULL) x
        GROUP BY chunk
    LOOP
        PERFORM revenue_rollup_apply(changes);
    END LOOP;
    PERFORM revenue_rollup_compact();
    UPDATE revenue_rollup_state SET rates = p_key, built_at = now();
END $$;

-- Merges the deltas of each period and month that has more than one; a quiet database is left alone. Rows appended
-- meanwhile by other transactions are not in the DELETE's snapshot and stay for the next time.
CREATE FUNCTION revenue_rollup_compact() RETURNS bigint LANGUAGE sql AS $$
    WITH many AS (
        SELECT region, grain, period FROM revenue_period_totals GROUP BY 1, 2, 3 HAVING count(*) > 1
    ), gone AS (
        DELETE FROM revenue_period_totals t USING many m
        WHERE t.region = m.region AND t.grain = m.grain AND t.period = m.period
        RETURNING t.*
    ), merged AS (
        INSERT INTO revenue_period_totals
        SELECT region, grain, period, sum(accounts), sum(revenue), sum(previous), sum(recurring), sum(expansion),
               sum(contraction), sum(churned), sum(new), sum(retained)
        FROM gone GROUP BY 1, 2, 3
        RETURNING 1
    ), many_months AS (
        SELECT region, currency, month FROM revenue_month_amounts GROUP BY 1, 2, 3 HAVING count(*) > 1
    ), gone_months AS (
        DELETE FROM revenue_month_amounts t USING many_months m
        WHERE t.region = m.region AND t.currency = m.currency AND t.month = m.month
        RETURNING t.*
    ), merged_months AS (
        INSERT INTO revenue_month_amounts
        SELECT region, currency, month, sum(amount), sum(contracts)
        FROM gone_months GROUP BY 1, 2, 3
        HAVING sum(contracts) <> 0 OR sum(amount) <> 0
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM gone) + (SELECT count(*) FROM gone_months);
$$;
