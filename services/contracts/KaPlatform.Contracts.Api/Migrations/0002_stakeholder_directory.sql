-- The people of each account, as accounts-api announces them: only what a reference check needs (no names, so a
-- protected contact stays in accounts-api). Follow-ups and payment approvers must name a person of the contract's
-- account.
CREATE TABLE stakeholders (
    id          uuid PRIMARY KEY,
    account_id  uuid NOT NULL,
    departed_on date NULL
);
