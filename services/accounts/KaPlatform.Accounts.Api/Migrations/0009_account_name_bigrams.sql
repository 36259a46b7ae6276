-- Issue 18: an account name search must not read the whole table. The trigram index served it only from three
-- characters up, and Chinese searches are mostly two (华信, 杭州, 鼎盛): at 1,000,000 accounts an admin's search walked the
-- name index past 250,000 English names to fill one page (p95 1.2 s, docs/benchmarks/2026-12-02.md §9). The name's
-- two-character pieces, lower-cased as ILIKE compares them, serve any search of two characters or more: a name
-- containing q contains every piece of q. ANALYZE keeps statistics per piece, so the planner sees how common a piece
-- is and walks the name index only when matches are everywhere. The trigram index served nothing this one does not.
CREATE FUNCTION name_bigrams(value text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN ARRAY(SELECT DISTINCT substr(lower(value), i, 2) FROM generate_series(1, char_length(value) - 1) AS i);

CREATE INDEX accounts_name_bigrams ON accounts USING gin (name_bigrams(name));
DROP INDEX accounts_name_trgm;
-- Statistics for the new expression now, not at the next autovacuum: without them the planner guesses every piece
-- matches 0.5 % of the accounts and takes the index even for a piece in every third name (科技: p95 275 ms at 1,000,000).
ANALYZE accounts;
