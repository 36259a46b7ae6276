-- A notice about an account this service's directory does not have yet waits here and goes to the team the directory
-- names once the account arrives. Events come in any order: a coach's departure (an alert, a notice) can be consumed
-- before the AccountRegistered that fills the directory, and until now such a notice went to nobody, for good (a CI
-- run of InboxAndSearchTests waited 90 s for a notice that had been dropped this way).
CREATE TABLE notices_awaiting_directory (
    account_id  uuid        NOT NULL,
    kind        text        NOT NULL,
    source_key  text        NOT NULL,
    params      jsonb       NOT NULL,   -- without accountName: the directory gives it on delivery
    text        text        NOT NULL,
    link_kind   text        NOT NULL,
    link_id     uuid        NOT NULL,
    waiting_since timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (account_id, source_key)
);

-- A time-ordered id (UUID version 7, as Guid.CreateVersion7 gives the notices written from C#): the inbox lists by id,
-- newest first, and a delivered notice is new to its readers. PostgreSQL 15 has no uuidv7().
CREATE FUNCTION notification_id() RETURNS uuid LANGUAGE sql VOLATILE AS $$
    SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
        PLACING substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid
$$;

-- Every waiting notice whose account is now in the directory, to its owner and team as the directory names them.
CREATE FUNCTION deliver_awaiting_notices() RETURNS int LANGUAGE sql VOLATILE AS $$
    WITH due AS (
        DELETE FROM notices_awaiting_directory w USING account_directory d
        WHERE d.id = w.account_id
        RETURNING w.account_id, w.kind, w.source_key, w.params, w.text, w.link_kind, w.link_id, d.name, d.owner_id, d.team_user_ids
    ), told AS (
        INSERT INTO notifications (id, user_id, account_id, kind, source_key, params, text, link_kind, link_id)
        SELECT notification_id(), u.user_id, due.account_id, due.kind, due.source_key,
               due.params || jsonb_build_object('accountName', due.name), due.text, due.link_kind, due.link_id
        FROM due CROSS JOIN LATERAL (SELECT DISTINCT x FROM unnest(due.team_user_ids || due.owner_id) AS x) AS u(user_id)
        ON CONFLICT (user_id, source_key) DO NOTHING
        RETURNING 1
    )
    SELECT count(*)::int FROM told
$$;

-- When accounts enter the directory, their waiting notices go out in the same transaction. A notice parked while the
-- account's row is being inserted by another transaction can miss both this and the delivery Notify runs right after
-- parking (neither sees the other's uncommitted row); AwaitingNoticesSweep delivers it within five minutes. A lock
-- here would close that window at the price of serializing every directory write of this service and of deadlocks
-- between two batches that touch the same accounts.
CREATE FUNCTION account_directory_deliver_awaiting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM deliver_awaiting_notices();
    RETURN NULL;
END $$;
CREATE TRIGGER account_directory_deliver_awaiting AFTER INSERT ON account_directory
    FOR EACH STATEMENT EXECUTE FUNCTION account_directory_deliver_awaiting();
