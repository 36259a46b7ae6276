-- docs/product.md §8: protected contacts, behaviour styles as codes, influence links beyond reporting lines.
ALTER TABLE stakeholders
    ADD COLUMN confidential    boolean NOT NULL DEFAULT false,
    -- Users who may read a protected contact besides the account owner and admins.
    ADD COLUMN confidential_to uuid[]  NOT NULL DEFAULT '{}';

-- behaviorStyle is one of four codes now; a free-text description written before moves to preferences, so nothing is lost.
UPDATE stakeholders
SET preferences = concat_ws(E'\n', behavior_style, preferences), behavior_style = NULL
WHERE behavior_style IS NOT NULL AND behavior_style NOT IN ('driver', 'expressive', 'amiable', 'analytical');

CREATE TABLE influence_links (
    id         uuid        PRIMARY KEY,
    account_id uuid        NOT NULL REFERENCES accounts (id),
    from_id    uuid        NOT NULL REFERENCES stakeholders (id),
    to_id      uuid        NOT NULL REFERENCES stakeholders (id),
    kind       text        NOT NULL,
    strength   int         NOT NULL CHECK (strength BETWEEN 1 AND 3),
    note       text        NULL,
    created_by uuid        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    CHECK (from_id <> to_id),
    -- One link of a kind between two people; a changed strength is a delete and a new link.
    UNIQUE (from_id, to_id, kind)
);
CREATE INDEX influence_links_account ON influence_links (account_id, created_at, id);
