-- An SMS confirmation in one statement (was three round trips: the pending item locked and read,
-- the transfer, then its new status with the receipts): the item's accounts locked (in id order,
-- as every transfer locks them), then the item; posted only while it still waits for its PIN (or
-- was confirmed already: then the transfer's key answers the first transfer again); marked
-- confirmed with the transfer it made. The item's row changes only in its status after it is
-- written, so the transfer the caller read from it is the item's transfer.
CREATE FUNCTION sms_confirm_pending(p_pending bigint, p_key text, p_hash text, p_kind text, p_from bigint, p_to bigint,
                                    p_amount bigint, p_memo text, p_category text, p_actor text)
RETURNS TABLE (outcome text, transfer_id bigint, from_balance bigint, to_balance bigint)
LANGUAGE plpgsql AS $$
DECLARE
    v_item record;
    v_posted record;
BEGIN
    PERFORM 1 FROM accounts a WHERE a.id IN (p_from, p_to) ORDER BY a.id FOR UPDATE;
    SELECT s.status, s.expires_at INTO v_item FROM sms_pending s WHERE s.id = p_pending FOR UPDATE;
    IF NOT FOUND OR NOT (v_item.status = 'confirmed' OR (v_item.status = 'pending' AND v_item.expires_at > now())) THEN
        RETURN QUERY SELECT 'request_not_waiting', NULL::bigint, NULL::bigint, NULL::bigint;
        RETURN;
    END IF;
    SELECT * INTO v_posted FROM ledger_post_transfer(p_key, p_hash, p_kind, p_from, p_to, p_amount, p_memo, p_category, NULL, p_actor);
    IF v_posted.outcome = 'ok' THEN
        UPDATE sms_pending SET status = 'confirmed', transfer_id = v_posted.transfer_id, decided_at = now() WHERE id = p_pending;
    END IF;
    RETURN QUERY SELECT v_posted.outcome, v_posted.transfer_id, v_posted.from_balance, v_posted.to_balance;
END $$;
