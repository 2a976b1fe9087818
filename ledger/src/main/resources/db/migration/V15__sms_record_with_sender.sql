-- An inbound SMS's sender read in the statement that records it (PgInbound): one statement a
-- message instead of two (the record, then the member by number), which matters most when messages
-- arrive too far apart to go together. The record answers the number too, and the statement joins
-- the members by it. Otherwise V12's function: committed without waiting for the disk, the same
-- message twice in one call recorded once, a message recorded before not answered.
DROP FUNCTION sms_record_inbound(text[], text[], text[], text[]);

CREATE FUNCTION sms_record_inbound(p_providers text[], p_ids text[], p_phones text[], p_bodies text[])
RETURNS TABLE (id bigint, provider text, provider_message_id text, phone text)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
    PERFORM set_config('synchronous_commit', 'off', true);
    RETURN QUERY
        WITH recorded AS (
            INSERT INTO inbound_sms AS i (provider, provider_message_id, phone, body)
            SELECT * FROM unnest(p_providers, p_ids, p_phones, p_bodies)
            ON CONFLICT (provider, provider_message_id) DO NOTHING
            RETURNING i.id, i.provider, i.provider_message_id, i.phone)
        SELECT r.id, r.provider, r.provider_message_id, r.phone FROM recorded r;
END $$;
