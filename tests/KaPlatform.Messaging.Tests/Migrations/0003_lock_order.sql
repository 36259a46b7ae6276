-- The accounts whose locks each transaction took, in the order it took them (TallyConsumer, keys "locks-…").
CREATE TABLE lock_order (seq bigserial PRIMARY KEY, tx xid8 NOT NULL DEFAULT pg_current_xact_id(), account_id uuid NOT NULL);
