-- docs/product.md §0: an alert's reason carries a code and params so clients render it in the reader's language; the English
-- reason stays for logs. Alerts raised before this have no code: clients fall back to the alert kind.
ALTER TABLE alerts ADD COLUMN reason_code text NULL, ADD COLUMN reason_params jsonb NULL;
