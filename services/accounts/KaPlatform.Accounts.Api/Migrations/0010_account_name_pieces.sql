-- Issue 18: a name search by an admin or a director must not visit every match to show the first page. The piece
-- index of 0009 finds the matches but not in name order, so a 2 % term (科技: 39,982 of 1,000,000 accounts) read and
-- sorted them all: p95 251 ms. Here every account is listed once under each of its name's two-character pieces, kept
-- in (piece, name, id) order, so the first page of a search is the first rows under q's rarest piece that contain q:
-- an ordered walk that stops after a page, whatever the number of matches (docs/accounts.md "Name search").
CREATE TABLE account_name_pieces (
    piece      text NOT NULL,
    name       text NOT NULL,
    account_id uuid NOT NULL
);

INSERT INTO account_name_pieces (piece, name, account_id)
SELECT piece, a.name, a.id FROM accounts a, unnest(name_bigrams(a.name)) AS piece;

ALTER TABLE account_name_pieces ADD PRIMARY KEY (piece, name, account_id);

-- New accounts arrive one by one from the API and by the hundred thousand from an import or a bulk COPY: one
-- statement-level insert per statement serves both.
CREATE FUNCTION account_name_pieces_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- In key order: a large insert then walks the primary key's pages once, instead of touching one at random per row.
    INSERT INTO account_name_pieces (piece, name, account_id)
    SELECT piece, n.name, n.id FROM added n, unnest(name_bigrams(n.name)) AS piece ORDER BY 1, 2, 3;
    RETURN NULL;
END $$;

CREATE TRIGGER accounts_name_pieces_added AFTER INSERT ON accounts
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION account_name_pieces_added();

-- A rename moves the account's pieces; other updates (team, class, owner…) do not reach the function at all. The
-- old pieces are found through the primary key, from the old name, so no second index on account_id is needed.
CREATE FUNCTION account_name_pieces_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM account_name_pieces p
        WHERE p.piece = ANY (name_bigrams(OLD.name)) AND p.name = OLD.name AND p.account_id = OLD.id;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO account_name_pieces (piece, name, account_id)
        SELECT piece, NEW.name, NEW.id FROM unnest(name_bigrams(NEW.name)) AS piece;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER accounts_name_pieces_renamed AFTER UPDATE OF name ON accounts
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION account_name_pieces_moved();

CREATE TRIGGER accounts_name_pieces_removed AFTER DELETE ON accounts
    FOR EACH ROW EXECUTE FUNCTION account_name_pieces_moved();

CREATE FUNCTION account_name_pieces_cleared() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE account_name_pieces;
    RETURN NULL;
END $$;

CREATE TRIGGER accounts_name_pieces_cleared AFTER TRUNCATE ON accounts
    FOR EACH STATEMENT EXECUTE FUNCTION account_name_pieces_cleared();

ANALYZE account_name_pieces;
