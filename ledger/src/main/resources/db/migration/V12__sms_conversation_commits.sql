-- An SMS conversation's own state commits without waiting for the disk: the record that an inbound
-- message arrived (the provider's retries are recognised by it) and a SEND or DONATE held for its
-- PIN. Neither is the ledger or the outbox, and each is followed, before the provider gets its 200
-- and before the member can see anything of it, by a write that does wait for the disk (the reply
-- in the outbox, the transfer): PostgreSQL writes its log in order, so that wait makes these
-- durable too. A crash before it loses them together with the provider's 200: the provider sends
-- the message again and it is handled as new. One wait for the disk per message instead of three.
-- sms_hold_pending is V11's, with the set_config line first: a function's own SET clause would be
-- undone when it returns, before the commit that should not wait.

CREATE OR REPLACE FUNCTION sms_hold_pending(p_member bigint, p_kind text, p_to_member bigint, p_fund text, p_minutes bigint,
                                 p_note text, p_ttl_seconds int)
RETURNS TABLE (id bigint, member_id bigint, kind text, to_member_id bigint, to_name text, to_phone text, fund_code text,
               fund_name text, amount_minutes bigint, note text, status text, expires_at timestamptz)
LANGUAGE plpgsql AS $$
DECLARE
    v_id bigint;
BEGIN
    PERFORM set_config('synchronous_commit', 'off', true);
    UPDATE sms_pending s SET status = 'replaced', decided_at = now() WHERE s.member_id = p_member AND s.status = 'pending';
    INSERT INTO sms_pending (member_id, kind, to_member_id, fund_code, amount_minutes, note, expires_at)
    VALUES (p_member, p_kind, p_to_member, p_fund, p_minutes, p_note, now() + make_interval(secs => p_ttl_seconds))
    RETURNING sms_pending.id INTO v_id;
    RETURN QUERY SELECT p.id, p.member_id, p.kind, p.to_member_id, m.name, m.phone, p.fund_code, f.name, p.amount_minutes, p.note,
                        p.status, p.expires_at
                 FROM sms_pending p LEFT JOIN members m ON m.id = p.to_member_id LEFT JOIN funds f ON f.code = p.fund_code
                 WHERE p.id = v_id;
END $$;

-- Inbound messages recorded many at once (SmsInbound's Batcher); the ones already recorded are not
-- answered, and the same message twice in the list is recorded once.
CREATE FUNCTION sms_record_inbound(p_providers text[], p_ids text[], p_phones text[], p_bodies text[])
RETURNS TABLE (id bigint, provider text, provider_message_id text)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
    PERFORM set_config('synchronous_commit', 'off', true);
    RETURN QUERY
        WITH recorded AS (
            INSERT INTO inbound_sms AS i (provider, provider_message_id, phone, body)
            SELECT * FROM unnest(p_providers, p_ids, p_phones, p_bodies)
            ON CONFLICT (provider, provider_message_id) DO NOTHING
            RETURNING i.id, i.provider, i.provider_message_id)
        SELECT r.id, r.provider, r.provider_message_id FROM recorded r;
END $$;
