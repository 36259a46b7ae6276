-- docs/product.md §0: the same Idempotency-Key with a different body is refused (422 idempotency_key_reused), so the first
-- request's body is remembered as a SHA-256 digest. Rows from before this column have none and replay as before.
ALTER TABLE idempotency_keys ADD COLUMN request_hash bytea NULL;
