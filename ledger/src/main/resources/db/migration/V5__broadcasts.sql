-- Broadcasts: one message (or one per language) to a segment of members, sent through the outbox.
CREATE TABLE broadcasts (
    id              bigserial PRIMARY KEY,
    created_by      text NOT NULL,
    scope_org_id    bigint REFERENCES orgs (id),      -- the coordinator's NGO; null for an admin
    messages        jsonb NOT NULL,                   -- {"en": …, "zh": …, "sw": …}
    segment         jsonb NOT NULL,
    send_at         timestamptz NOT NULL,
    recipients      integer NOT NULL,
    total_segments  integer NOT NULL,
    status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cancelled')),
    created_at      timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE outbox ADD COLUMN broadcast_id bigint REFERENCES broadcasts (id);
ALTER TABLE outbox ADD COLUMN segments smallint;
CREATE INDEX outbox_broadcast ON outbox (broadcast_id, status) WHERE broadcast_id IS NOT NULL;
