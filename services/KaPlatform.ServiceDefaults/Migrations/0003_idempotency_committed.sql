-- docs/api-contract.md "Idempotency": the change and the key's 'committed' mark are one transaction, so a retry after a
-- crash between the commit and the stored answer does not run the request again. state: pending | committed | done.
-- entity_*: the record the change is about (its first audit entry), for the retry whose answer was lost.
ALTER TABLE idempotency_keys ADD COLUMN entity_type text NULL, ADD COLUMN entity_id uuid NULL;
