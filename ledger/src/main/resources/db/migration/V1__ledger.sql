-- The ledger: organisations, members, accounts, transfers, the hash chain and the outbox.
-- Amounts are whole minutes (bigint). Transfers and seals are append-only (triggers below).

CREATE TABLE orgs (
    id                          bigserial PRIMARY KEY,
    code                        text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9_-]{2,16}$'),
    name                        text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    district                    text NOT NULL CHECK (length(district) BETWEEN 1 AND 80),
    contact                     text,
    starting_credit_minutes     bigint CHECK (starting_credit_minutes >= 0),
    credit_limit_minutes        bigint CHECK (credit_limit_minutes >= 0),
    monthly_credit_cap_minutes  bigint CHECK (monthly_credit_cap_minutes >= 0),
    approval_threshold_minutes  bigint CHECK (approval_threshold_minutes > 0),
    sms_budget_per_month        integer CHECK (sms_budget_per_month >= 0),
    send_window_start           time,
    send_window_end             time,
    created_at                  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE categories (
    code        text PRIMARY KEY CHECK (code ~ '^[a-z0-9_-]{2,32}$'),
    name_en     text NOT NULL,
    name_zh     text NOT NULL,
    name_sw     text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE members (
    id                   bigserial PRIMARY KEY,
    org_id               bigint NOT NULL REFERENCES orgs (id),
    phone                text UNIQUE,            -- E.164; null once erased
    name                 text,                   -- null once erased
    language             text NOT NULL CHECK (language IN ('en', 'zh', 'sw')),
    status               text NOT NULL CHECK (status IN ('pin_required', 'active', 'suspended', 'erased')),
    pin_hash             text,
    pin_failed_attempts  integer NOT NULL DEFAULT 0,
    pin_locked_until     timestamptz,
    opted_out            boolean NOT NULL DEFAULT false,
    created_at           timestamptz NOT NULL DEFAULT now(),
    erased_at            timestamptz,
    CHECK ((status = 'erased') = (phone IS NULL))
);
CREATE INDEX members_org ON members (org_id, id);
CREATE INDEX members_locked ON members (pin_locked_until) WHERE pin_locked_until IS NOT NULL;

CREATE TABLE funds (
    id          bigserial PRIMARY KEY,
    code        text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9_-]{2,24}$'),
    name        text NOT NULL,
    org_id      bigint NOT NULL REFERENCES orgs (id),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE accounts (
    id               bigserial PRIMARY KEY,
    kind             text NOT NULL CHECK (kind IN ('member', 'issuance', 'fund')),
    org_id           bigint NOT NULL REFERENCES orgs (id),
    member_id        bigint UNIQUE REFERENCES members (id),
    fund_id          bigint UNIQUE REFERENCES funds (id),
    balance_minutes  bigint NOT NULL DEFAULT 0,
    CHECK ((kind = 'member') = (member_id IS NOT NULL)),
    CHECK ((kind = 'fund') = (fund_id IS NOT NULL)),
    -- a fund can never be overdrawn; member floors depend on the NGO's credit limit and are
    -- checked under the row lock by the ledger
    CHECK (kind <> 'fund' OR balance_minutes >= 0)
);
CREATE UNIQUE INDEX accounts_one_issuance ON accounts (org_id) WHERE kind = 'issuance';

CREATE TABLE transfers (
    id               bigserial PRIMARY KEY,
    reference        text NOT NULL UNIQUE,
    idempotency_key  text NOT NULL UNIQUE,
    request_hash     text NOT NULL,
    kind             text NOT NULL CHECK (kind IN ('send', 'credit', 'donation', 'grant', 'request', 'reversal')),
    from_account     bigint NOT NULL REFERENCES accounts (id),
    to_account       bigint NOT NULL REFERENCES accounts (id),
    amount_minutes   bigint NOT NULL CHECK (amount_minutes > 0),
    memo             text,
    category         text REFERENCES categories (code),
    reverses         bigint UNIQUE REFERENCES transfers (id),
    actor            text NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp()),
    CHECK (from_account <> to_account),
    CHECK ((kind = 'reversal') = (reverses IS NOT NULL))
);
CREATE INDEX transfers_from ON transfers (from_account, id);
CREATE INDEX transfers_to ON transfers (to_account, id);
CREATE INDEX transfers_created ON transfers (created_at);

-- Transfers committed but not yet sealed into the hash chain; the sealer drains it in id order.
CREATE TABLE unsealed_transfers (
    transfer_id  bigint PRIMARY KEY REFERENCES transfers (id)
);

-- The hash chain, in sealing order: hash = sha256(canonical transfer fields, prev_hash).
CREATE TABLE transfer_seals (
    seq          bigint PRIMARY KEY,
    transfer_id  bigint NOT NULL UNIQUE REFERENCES transfers (id),
    prev_hash    text NOT NULL,
    hash         text NOT NULL,
    sealed_at    timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END $$;
CREATE TRIGGER transfers_append_only BEFORE UPDATE OR DELETE ON transfers
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER transfers_no_truncate BEFORE TRUNCATE ON transfers
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER seals_append_only BEFORE UPDATE OR DELETE ON transfer_seals
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER seals_no_truncate BEFORE TRUNCATE ON transfer_seals
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- SMS waiting to go out, written in the same transaction as the change that causes them.
CREATE TABLE outbox (
    id                   bigserial PRIMARY KEY,
    to_phone             text NOT NULL,
    member_id            bigint REFERENCES members (id),
    body                 text NOT NULL,
    purpose              text NOT NULL CHECK (purpose IN ('reply', 'receipt', 'notice', 'alert', 'broadcast')),
    priority             smallint NOT NULL DEFAULT 0,     -- 0 replies and receipts, 1 bulk
    dedupe_key           text UNIQUE,                     -- one message per reason
    status               text NOT NULL DEFAULT 'queued'
                         CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'failed', 'cancelled')),
    attempts             integer NOT NULL DEFAULT 0,
    next_attempt_at      timestamptz NOT NULL DEFAULT now(),
    provider             text,
    provider_message_id  text,
    error                text,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_due ON outbox (priority, next_attempt_at, id) WHERE status = 'queued';
CREATE INDEX outbox_phone ON outbox (to_phone, id DESC);

CREATE TABLE staff_users (
    id             bigserial PRIMARY KEY,
    username       text NOT NULL UNIQUE CHECK (username ~ '^[A-Za-z0-9._@-]{3,64}$'),
    password_hash  text NOT NULL,
    role           text NOT NULL CHECK (role IN ('admin', 'coordinator', 'agent')),
    org_id         bigint REFERENCES orgs (id),
    created_by     bigint REFERENCES staff_users (id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    CHECK ((role = 'admin') = (org_id IS NULL))
);

CREATE TABLE staff_sessions (
    token_hash  text PRIMARY KEY,
    staff_id    bigint NOT NULL REFERENCES staff_users (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL
);

-- Who did what to a member's account (PIN resets, suspensions, erasures).
CREATE TABLE member_events (
    id          bigserial PRIMARY KEY,
    member_id   bigint NOT NULL REFERENCES members (id),
    kind        text NOT NULL,
    actor       text NOT NULL,
    reason      text,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX member_events_member ON member_events (member_id, id);

-- One row a transfer with both parties resolved, for reads.
CREATE VIEW transfer_details AS
SELECT t.id, t.reference, t.kind, t.amount_minutes, t.memo, t.category, t.created_at, t.actor,
       r.reference AS reverses_reference,
       fa.kind AS from_kind, fa.id AS from_account, fm.id AS from_member, fm.name AS from_member_name,
       fm.phone AS from_member_phone, fm.language AS from_member_language,
       fo.code AS from_org, fo.name AS from_org_name, ff.code AS from_fund, ff.name AS from_fund_name,
       ta.kind AS to_kind, ta.id AS to_account, tm.id AS to_member, tm.name AS to_member_name,
       tm.phone AS to_member_phone, tm.language AS to_member_language,
       tor.code AS to_org, tor.name AS to_org_name, tf.code AS to_fund, tf.name AS to_fund_name
FROM transfers t
JOIN accounts fa ON fa.id = t.from_account
JOIN orgs fo ON fo.id = fa.org_id
LEFT JOIN members fm ON fm.id = fa.member_id
LEFT JOIN funds ff ON ff.id = fa.fund_id
JOIN accounts ta ON ta.id = t.to_account
JOIN orgs tor ON tor.id = ta.org_id
LEFT JOIN members tm ON tm.id = ta.member_id
LEFT JOIN funds tf ON tf.id = ta.fund_id
LEFT JOIN transfers r ON r.id = t.reverses;

-- One row a member with its NGO, balance and the status staff see ('locked' while a PIN lock runs).
CREATE VIEW member_details AS
SELECT m.id, m.phone, m.name, m.language, m.opted_out, m.created_at, m.org_id,
       m.pin_failed_attempts, m.pin_locked_until, m.status AS stored_status,
       CASE WHEN m.status IN ('active', 'pin_required') AND m.pin_locked_until > now() THEN 'locked'
            ELSE m.status END AS status,
       o.code AS org, o.name AS org_name, o.district,
       a.id AS account_id, a.balance_minutes
FROM members m
JOIN orgs o ON o.id = m.org_id
JOIN accounts a ON a.member_id = m.id;

-- A short reference members can read out: a letter, then five characters without look-alikes.
CREATE FUNCTION ledger_new_reference() RETURNS text LANGUAGE sql VOLATILE AS $$
    SELECT substr('ACDEFGHJKMNPQRTUVWXY', 1 + floor(random() * 20)::int, 1)
        || string_agg(substr('ACDEFGHJKMNPQRTUVWXY34679', 1 + floor(random() * 25)::int, 1), '')
    FROM generate_series(1, 5)
$$;

-- The account a transfer side names: ('member', member id), ('issuance', NGO code),
-- ('fund', fund code) or ('account', account id). Null when there is none.
CREATE FUNCTION ledger_account(p_type text, p_ref text) RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT CASE p_type
        WHEN 'member' THEN (SELECT a.id FROM accounts a WHERE a.member_id = (CASE WHEN p_ref ~ '^[0-9]{1,18}$' THEN p_ref::bigint END))
        WHEN 'issuance' THEN (SELECT a.id FROM accounts a JOIN orgs o ON o.id = a.org_id WHERE o.code = p_ref AND a.kind = 'issuance')
        WHEN 'fund' THEN (SELECT a.id FROM accounts a JOIN funds f ON f.id = a.fund_id WHERE f.code = p_ref)
        WHEN 'account' THEN (SELECT a.id FROM accounts a WHERE a.id = (CASE WHEN p_ref ~ '^[0-9]{1,18}$' THEN p_ref::bigint END))
    END
$$;

-- Posts one transfer (ledger rules 3-6) and answers with a named outcome:
-- ok, replay, key_reused, unknown_account, unknown_category, same_account, already_reversed,
-- account_inactive, insufficient_balance, over_monthly_cap (checked in that order).
-- Both accounts are locked in id order, so concurrent transfers never deadlock or overdraw.
CREATE FUNCTION ledger_post_transfer(
    p_key text, p_hash text, p_kind text, p_from bigint, p_to bigint, p_amount bigint,
    p_memo text, p_category text, p_reverses bigint, p_actor text)
RETURNS TABLE (outcome text, transfer_id bigint, from_balance bigint, to_balance bigint)
LANGUAGE plpgsql AS $$
DECLARE
    v_existing record;
    v_from record;
    v_to record;
    v_id bigint;
    v_month bigint;
    v_from_balance bigint;
    v_to_balance bigint;
BEGIN
    IF p_amount IS NULL OR p_amount <= 0 THEN
        RETURN QUERY SELECT 'not_positive', NULL::bigint, NULL::bigint, NULL::bigint; RETURN;
    END IF;
    SELECT t.id, t.request_hash INTO v_existing FROM transfers t WHERE t.idempotency_key = p_key;
    IF FOUND THEN
        RETURN QUERY SELECT CASE WHEN v_existing.request_hash = p_hash THEN 'replay' ELSE 'key_reused' END,
                            v_existing.id, NULL::bigint, NULL::bigint;
        RETURN;
    END IF;
    IF p_from IS NULL OR p_to IS NULL THEN
        RETURN QUERY SELECT 'unknown_account', NULL::bigint, NULL::bigint, NULL::bigint; RETURN;
    END IF;
    IF p_category IS NOT NULL AND NOT EXISTS (SELECT 1 FROM categories c WHERE c.code = p_category) THEN
        RETURN QUERY SELECT 'unknown_category', NULL::bigint, NULL::bigint, NULL::bigint; RETURN;
    END IF;
    IF p_from = p_to THEN
        RETURN QUERY SELECT 'same_account', NULL::bigint, NULL::bigint, NULL::bigint; RETURN;
    END IF;

    PERFORM 1 FROM accounts a WHERE a.id IN (p_from, p_to) ORDER BY a.id FOR UPDATE;

    -- A twin with the same key may have committed while this one waited for the locks.
    SELECT t.id, t.request_hash INTO v_existing FROM transfers t WHERE t.idempotency_key = p_key;
    IF FOUND THEN
        RETURN QUERY SELECT CASE WHEN v_existing.request_hash = p_hash THEN 'replay' ELSE 'key_reused' END,
                            v_existing.id, NULL::bigint, NULL::bigint;
        RETURN;
    END IF;

    IF p_reverses IS NOT NULL AND EXISTS (SELECT 1 FROM transfers t WHERE t.reverses = p_reverses) THEN
        RETURN QUERY SELECT 'already_reversed', NULL::bigint, NULL::bigint, NULL::bigint; RETURN;
    END IF;

    SELECT a.kind, a.balance_minutes, m.status, o.credit_limit_minutes, o.monthly_credit_cap_minutes
      INTO v_from
      FROM accounts a JOIN orgs o ON o.id = a.org_id LEFT JOIN members m ON m.id = a.member_id
     WHERE a.id = p_from;
    SELECT a.kind, a.balance_minutes, m.status INTO v_to
      FROM accounts a LEFT JOIN members m ON m.id = a.member_id WHERE a.id = p_to;

    IF p_kind <> 'reversal' AND (v_from.status IN ('suspended', 'erased') OR v_to.status IN ('suspended', 'erased')) THEN
        RETURN QUERY SELECT 'account_inactive', NULL::bigint, NULL::bigint, NULL::bigint; RETURN;
    END IF;
    IF (v_from.kind = 'member' AND v_from.balance_minutes - p_amount < -COALESCE(v_from.credit_limit_minutes, 0))
       OR (v_from.kind = 'fund' AND v_from.balance_minutes - p_amount < 0) THEN
        RETURN QUERY SELECT 'insufficient_balance', NULL::bigint, NULL::bigint, NULL::bigint; RETURN;
    END IF;
    IF p_kind = 'credit' AND v_from.kind = 'issuance' AND v_from.monthly_credit_cap_minutes IS NOT NULL THEN
        SELECT COALESCE(sum(t.amount_minutes), 0) INTO v_month FROM transfers t
         WHERE t.from_account = p_from AND t.kind = 'credit'
           AND t.created_at >= date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
        IF v_month + p_amount > v_from.monthly_credit_cap_minutes THEN
            RETURN QUERY SELECT 'over_monthly_cap', NULL::bigint, NULL::bigint, NULL::bigint; RETURN;
        END IF;
    END IF;

    LOOP
        INSERT INTO transfers (reference, idempotency_key, request_hash, kind, from_account, to_account,
                               amount_minutes, memo, category, reverses, actor)
        VALUES (ledger_new_reference(), p_key, p_hash, p_kind, p_from, p_to, p_amount, p_memo, p_category,
                p_reverses, p_actor)
        ON CONFLICT (reference) DO NOTHING
        RETURNING id INTO v_id;
        EXIT WHEN v_id IS NOT NULL;
    END LOOP;

    UPDATE accounts SET balance_minutes = balance_minutes - p_amount WHERE id = p_from
        RETURNING balance_minutes INTO v_from_balance;
    UPDATE accounts SET balance_minutes = balance_minutes + p_amount WHERE id = p_to
        RETURNING balance_minutes INTO v_to_balance;
    INSERT INTO unsealed_transfers (transfer_id) VALUES (v_id);
    RETURN QUERY SELECT 'ok', v_id, v_from_balance, v_to_balance;
END $$;
