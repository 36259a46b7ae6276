-- Issue 18, bulk load: at 1,000,000 accounts the name-piece list (0010) holds 15.5 million rows and building its key was
-- the longest step of an initial load (54 s of the 107 s spent on indexes; docs/benchmarks/2026-12-03.md §11).

-- The pieces and their names compare byte for byte. The database's C.UTF-8 collation orders by code point, which for
-- UTF-8 is byte order, so the list's order is the same as accounts' name order (checked on 1,100,000 names: no row moves),
-- but PostgreSQL sorts a "C" column without strcoll and with abbreviated keys: the key's build 54.3 -> 42.9 s.
-- Only the list's columns change: accounts.name keeps the database collation, which lower() and ILIKE need to fold
-- letters beyond ASCII.
ALTER TABLE account_name_pieces
    ALTER COLUMN piece TYPE text COLLATE "C",
    ALTER COLUMN name TYPE text COLLATE "C";

-- The same pieces, found without a sub-select: PostgreSQL cannot inline a SQL function holding one, so every call ran
-- a small query with its own sort for DISTINCT (9.0 s per 1,100,000 names, 5.1 s now). Every account insert, rename,
-- import and search calls it. The pieces come out in another order; the GIN index and the piece list keep sets, so
-- neither needs rebuilding.
CREATE OR REPLACE FUNCTION name_bigrams(value text) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    folded text := lower(value);
    pieces text[] := '{}';
    piece text;
BEGIN
    FOR i IN 1 .. char_length(value) - 1 LOOP
        piece := substr(folded, i, 2);
        IF NOT piece = ANY (pieces) THEN
            pieces := pieces || piece;
        END IF;
    END LOOP;
    RETURN pieces;
END $$;

-- (owner_id) is the first column of accounts_owner_name_id, which serves every lookup this one did: one index less to
-- build in a load and to update on every insert.
DROP INDEX accounts_owner;
