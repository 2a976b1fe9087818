-- Fewer statements a confirmed SMS send when messages arrive too far apart to go together (the
-- benchmark's sms-send at half its maximum rate: 8.5 statements a send, against 3 at the maximum).
--
-- 1. A SEND or DONATE is held together with its reply ("reply with your PIN"): one statement writes
--    the item and the reply to the outbox, for every hold that arrives while others are in the
--    database (PgPending's Batcher). It waits for the disk, as the reply alone did (V12's holds did
--    not: the reply's commit made them durable; now they are one commit). Items are held in the
--    order given, so a member's later SEND in the same call replaces the earlier one; callers give
--    them in member order, so two calls lock the members' items in one order.
--    Each item is read back by its key, not by joining the list of new ids to the table: the
--    planner, with statistics from when the table was small, hashed the whole table for that join
--    (a sequential scan a call, slower as the table grows).
DROP FUNCTION sms_hold_pending(bigint, text, bigint, text, bigint, text, int);

CREATE FUNCTION sms_hold_pending(p_members bigint[], p_kinds text[], p_to_members bigint[], p_funds text[], p_minutes bigint[],
                                 p_notes text[], p_ttl_seconds int[],
                                 p_reply_phones text[], p_reply_members bigint[], p_reply_bodies text[], p_reply_purposes text[],
                                 p_reply_priorities int[], p_reply_keys text[])
RETURNS TABLE (ord bigint, id bigint, member_id bigint, kind text, to_member_id bigint, to_name text, to_phone text, fund_code text,
               fund_name text, amount_minutes bigint, note text, status text, expires_at timestamptz)
LANGUAGE plpgsql AS $$
DECLARE
    v_ids bigint[] := '{}';
    v_id bigint;
BEGIN
    FOR i IN 1 .. coalesce(cardinality(p_members), 0) LOOP
        UPDATE sms_pending s SET status = 'replaced', decided_at = now() WHERE s.member_id = p_members[i] AND s.status = 'pending';
        INSERT INTO sms_pending (member_id, kind, to_member_id, fund_code, amount_minutes, note, expires_at)
        VALUES (p_members[i], p_kinds[i], p_to_members[i], p_funds[i], p_minutes[i], p_notes[i],
                now() + make_interval(secs => p_ttl_seconds[i]))
        RETURNING sms_pending.id INTO v_id;
        v_ids := v_ids || v_id;
    END LOOP;
    INSERT INTO outbox (to_phone, member_id, body, purpose, priority, dedupe_key)
    SELECT * FROM unnest(p_reply_phones, p_reply_members, p_reply_bodies, p_reply_purposes, p_reply_priorities, p_reply_keys)
                  AS r (to_phone, member_id, body, purpose, priority, dedupe_key)
    WHERE r.body IS NOT NULL -- a hold without a reply
    ON CONFLICT (dedupe_key) DO NOTHING;
    FOR v_ord IN 1 .. coalesce(cardinality(v_ids), 0) LOOP
        RETURN QUERY SELECT v_ord::bigint, p.id, p.member_id, p.kind, p.to_member_id, m.name, m.phone, p.fund_code, f.name, p.amount_minutes,
                            p.note, p.status, p.expires_at
                     FROM sms_pending p LEFT JOIN members m ON m.id = p.to_member_id LEFT JOIN funds f ON f.code = p.fund_code
                     WHERE p.id = v_ids[v_ord];
    END LOOP;
END $$;

-- 2. The PIN hop reads the member's waiting item and what the PIN check needs of the member (V13's
--    ledger_pin_states) in one statement, for many members at once: the right PIN with no wrong
--    one before it is then confirmed with no other read. member_status is the member's, status the
--    item's (null when nothing waits). One member at a time by key, for the reason in 1: a join of
--    the list to the waiting items was planned as a scan of all of them.
CREATE FUNCTION sms_pending_with_pin_states(p_ids bigint[])
RETURNS TABLE (ord bigint, pin_hash text, member_status text, locked boolean, pin_failed_attempts integer,
               id bigint, member_id bigint, kind text, to_member_id bigint, to_name text, to_phone text, fund_code text,
               fund_name text, amount_minutes bigint, note text, status text, expires_at timestamptz)
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    FOR v_ord IN 1 .. coalesce(cardinality(p_ids), 0) LOOP
        RETURN QUERY SELECT v_ord::bigint, m.pin_hash, m.status, COALESCE(m.pin_locked_until > now(), false), m.pin_failed_attempts,
                            p.id, p.member_id, p.kind, p.to_member_id, t.name, t.phone, p.fund_code, f.name, p.amount_minutes, p.note,
                            p.status, p.expires_at
                     FROM (SELECT p_ids[v_ord] AS id) u
                     LEFT JOIN members m ON m.id = u.id
                     LEFT JOIN sms_pending p ON p.member_id = u.id AND p.status = 'pending'
                     LEFT JOIN members t ON t.id = p.to_member_id
                     LEFT JOIN funds f ON f.code = p.fund_code;
    END LOOP;
END $$;
