-- Requests for hours: the helper asks, the payer pays (a transfer of kind 'request') or declines.
CREATE TABLE payment_requests (
    id               bigserial PRIMARY KEY,
    reference        text NOT NULL UNIQUE,
    requester_id     bigint NOT NULL REFERENCES members (id),
    payer_id         bigint NOT NULL REFERENCES members (id),
    amount_minutes   bigint NOT NULL CHECK (amount_minutes > 0),
    note             text,
    status           text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'paid', 'declined')),
    idempotency_key  text NOT NULL UNIQUE,
    transfer_id      bigint REFERENCES transfers (id),
    created_at       timestamptz NOT NULL DEFAULT now(),
    expires_at       timestamptz NOT NULL,
    decided_at       timestamptz,
    CHECK (requester_id <> payer_id),
    CHECK ((status = 'paid') = (transfer_id IS NOT NULL))
);
CREATE INDEX payment_requests_waiting ON payment_requests (payer_id, id) WHERE status = 'waiting';

-- USSD sessions: what a member has entered so far (never a PIN), the last answer for hop
-- retries, and what the next dial should offer (resume, or the outcome of the last action).
CREATE TABLE ussd_sessions (
    session_id     text PRIMARY KEY,
    phone          text NOT NULL,
    state          jsonb NOT NULL,
    consumed       integer NOT NULL,          -- inputs of the accumulated text applied so far
    last_text      text NOT NULL,             -- the accumulated input with PIN entries replaced by ****
    pin_positions  integer[] NOT NULL DEFAULT '{}',
    last_response  text NOT NULL,
    ended          boolean NOT NULL DEFAULT false,
    resumable      boolean NOT NULL DEFAULT false,  -- dropped mid-flow: the next dial may continue it
    outcome        text,                      -- what the last hours-moving action did
    outcome_shown  boolean NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ussd_sessions_phone ON ussd_sessions (phone, updated_at DESC);

-- Africa's Talking end-of-session notifications, for reports; the input is stored with PINs masked.
CREATE TABLE ussd_events (
    id                  bigserial PRIMARY KEY,
    session_id          text NOT NULL,
    phone               text,
    status              text NOT NULL,
    input               text,
    hops_count          integer,
    duration_ms         bigint,
    error_message       text,
    received_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ussd_events_session ON ussd_events (session_id);
