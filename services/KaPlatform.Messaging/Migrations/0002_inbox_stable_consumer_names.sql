-- Inbox rows were keyed by the consumer's CLR type name; they are now keyed by its stable [ConsumerName], which for
-- every consumer that existed then is the kebab-case of its class name (OnOpportunityWon → on-opportunity-won).
UPDATE inbox
SET consumer = lower(regexp_replace(regexp_replace(consumer, '^.*[.+]', ''), '([a-z0-9])([A-Z])', '\1-\2', 'g'))
WHERE consumer LIKE '%.%';
