-- The two helper functions as PL/pgSQL: a LANGUAGE sql function that cannot be inlined is planned
-- again at every call (PostgreSQL 17), and every transfer called them three times; PL/pgSQL keeps
-- its plans for the connection. Same answers as before.
CREATE OR REPLACE FUNCTION ledger_new_reference() RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_ref text := substr('ACDEFGHJKMNPQRTUVWXY', 1 + floor(random() * 20)::int, 1);
BEGIN
    FOR i IN 1..5 LOOP
        v_ref := v_ref || substr('ACDEFGHJKMNPQRTUVWXY34679', 1 + floor(random() * 25)::int, 1);
    END LOOP;
    RETURN v_ref;
END $$;

CREATE OR REPLACE FUNCTION ledger_account(p_type text, p_ref text) RETURNS bigint LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_id bigint;
BEGIN
    IF p_type = 'member' AND p_ref ~ '^[0-9]{1,18}$' THEN
        SELECT a.id INTO v_id FROM accounts a WHERE a.member_id = p_ref::bigint;
    ELSIF p_type = 'issuance' THEN
        SELECT a.id INTO v_id FROM accounts a JOIN orgs o ON o.id = a.org_id WHERE o.code = p_ref AND a.kind = 'issuance';
    ELSIF p_type = 'fund' THEN
        SELECT a.id INTO v_id FROM accounts a JOIN funds f ON f.id = a.fund_id WHERE f.code = p_ref;
    ELSIF p_type = 'account' AND p_ref ~ '^[0-9]{1,18}$' THEN
        SELECT a.id INTO v_id FROM accounts a WHERE a.id = p_ref::bigint;
    END IF;
    RETURN v_id;
END $$;
