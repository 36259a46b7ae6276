-- Every notice about an account now goes out through deliver_awaiting_notices: Notify parks it and delivers that
-- account's waiting notices in the same transaction. The rule "the owner and the team as the directory names them,
-- each once, with the account's name" is written here only (it used to be in Notify's C# as well, and two copies can
-- drift). The account filter keeps a notifying transaction off other accounts' waiting rows, which the directory's
-- trigger and the sweep deliver.
DROP FUNCTION deliver_awaiting_notices();
CREATE FUNCTION deliver_awaiting_notices(only_account uuid DEFAULT NULL) RETURNS int LANGUAGE sql VOLATILE AS $$
    WITH due AS (
        DELETE FROM notices_awaiting_directory w USING account_directory d
        WHERE d.id = w.account_id AND (only_account IS NULL OR w.account_id = only_account)
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
