-- SMS: pending transfers and donations awaiting the PIN, inbound messages (for dedupe, PINs
-- masked), and what the providers told us about outbound messages.
CREATE TABLE sms_pending (
    id              bigserial PRIMARY KEY,
    member_id       bigint NOT NULL REFERENCES members (id),
    kind            text NOT NULL CHECK (kind IN ('send', 'donation')),
    to_member_id    bigint REFERENCES members (id),
    fund_code       text REFERENCES funds (code),
    amount_minutes  bigint NOT NULL CHECK (amount_minutes > 0),
    note            text,
    status          text NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'confirmed', 'cancelled', 'replaced', 'expired')),
    transfer_id     bigint REFERENCES transfers (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    decided_at      timestamptz,
    CHECK ((kind = 'send') = (to_member_id IS NOT NULL)),
    CHECK ((kind = 'donation') = (fund_code IS NOT NULL))
);
-- a newer SEND or DONATE replaces the older one: at most one pending item per member
CREATE UNIQUE INDEX sms_pending_one ON sms_pending (member_id) WHERE status = 'pending';

CREATE TABLE inbound_sms (
    id                   bigserial PRIMARY KEY,
    provider             text NOT NULL,
    provider_message_id  text NOT NULL,
    phone                text NOT NULL,
    body                 text NOT NULL,      -- PINs replaced by ****
    received_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (provider, provider_message_id)
);

ALTER TABLE outbox ADD COLUMN possibly_duplicated boolean NOT NULL DEFAULT false;
CREATE INDEX outbox_provider_message ON outbox (provider_message_id) WHERE provider_message_id IS NOT NULL;
-- the carrier refused delivery because the member opted out there (Twilio 21610, Africa's Talking 406)
ALTER TABLE members ADD COLUMN carrier_opted_out boolean NOT NULL DEFAULT false;
