-- The plan_cache_mode each tallied message was applied under (InboxConsumer sets it for its transaction only).
CREATE TABLE plan_settings (key text PRIMARY KEY, plan_cache_mode text NOT NULL);
