-- Credits above an NGO's approval threshold wait for a second staff member (not the requester).
CREATE TABLE credit_approvals (
    id               bigserial PRIMARY KEY,
    org_id           bigint NOT NULL REFERENCES orgs (id),
    member_id        bigint NOT NULL REFERENCES members (id),
    amount_minutes   bigint NOT NULL CHECK (amount_minutes > 0),
    memo             text,
    category         text REFERENCES categories (code),
    idempotency_key  text NOT NULL UNIQUE,
    request_hash     text NOT NULL,
    requested_by     text NOT NULL,
    status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved')),
    approved_by      text,
    transfer_id      bigint REFERENCES transfers (id),
    created_at       timestamptz NOT NULL DEFAULT now(),
    decided_at       timestamptz,
    CHECK ((status = 'approved') = (transfer_id IS NOT NULL))
);
CREATE INDEX credit_approvals_pending ON credit_approvals (org_id, id) WHERE status = 'pending';
