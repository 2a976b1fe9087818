-- Needs and offers, introductions and ratings.
CREATE TABLE posts (
    id             bigserial PRIMARY KEY,
    member_id      bigint NOT NULL REFERENCES members (id),
    kind           text NOT NULL CHECK (kind IN ('need', 'offer')),
    category       text REFERENCES categories (code),
    body           text NOT NULL CHECK (length(body) BETWEEN 1 AND 160),
    hours_minutes  bigint CHECK (hours_minutes > 0),
    status         text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    search_text    text NOT NULL,     -- words, and Chinese as character bigrams, space separated
    search         tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED,
    created_at     timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz NOT NULL,
    closed_at      timestamptz
);
CREATE INDEX posts_search ON posts USING gin (search);
CREATE INDEX posts_open ON posts (kind, category, id) WHERE status = 'open';
CREATE INDEX posts_member ON posts (member_id, id);

CREATE TABLE introductions (
    id          bigserial PRIMARY KEY,
    post_id     bigint NOT NULL REFERENCES posts (id),
    member_id   bigint NOT NULL REFERENCES members (id),   -- who asked to be introduced
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (post_id, member_id)
);

CREATE TABLE ratings (
    id           bigserial PRIMARY KEY,
    transfer_id  bigint NOT NULL REFERENCES transfers (id),
    rater_id     bigint NOT NULL REFERENCES members (id),
    ratee_id     bigint NOT NULL REFERENCES members (id),
    stars        smallint NOT NULL CHECK (stars BETWEEN 1 AND 5),
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (transfer_id, rater_id)
);
CREATE INDEX ratings_ratee ON ratings (ratee_id);
