-- Notices about a person rather than an account (a target set or changed for me, the daily digest) have no account:
-- only their recipient reads them, and no account's visibility applies.
ALTER TABLE notifications ALTER COLUMN account_id DROP NOT NULL;

-- The daily digest is a notice in the inbox itself (no mail or IM gateway exists): the business day it was last
-- made for, so each user gets at most one per day however often the job runs.
ALTER TABLE notification_settings ADD COLUMN last_digest_on date NULL;
