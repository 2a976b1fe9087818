-- How many requests for hours wait for a member's answer (the same rule as PgRequests.waiting),
-- read with the member: a USSD dial then needs no second statement when there are none.
CREATE OR REPLACE VIEW member_details AS
SELECT m.id, m.phone, m.name, m.language, m.opted_out, m.created_at, m.org_id,
       m.pin_failed_attempts, m.pin_locked_until, m.status AS stored_status,
       CASE WHEN m.status IN ('active', 'pin_required') AND m.pin_locked_until > now() THEN 'locked'
            ELSE m.status END AS status,
       o.code AS org, o.name AS org_name, o.district,
       a.id AS account_id, a.balance_minutes,
       COALESCE((SELECT array_agg(DISTINCT p.category ORDER BY p.category) FROM posts p
                 WHERE p.member_id = m.id AND p.category IS NOT NULL), '{}') AS interests,
       (SELECT avg(r.stars)::float8 FROM ratings r WHERE r.ratee_id = m.id) AS rating_average,
       (SELECT count(*) FROM ratings r WHERE r.ratee_id = m.id) AS rating_count,
       (SELECT count(*) FROM payment_requests r JOIN members q ON q.id = r.requester_id
         WHERE r.payer_id = m.id AND r.status = 'waiting' AND r.expires_at > now()
           AND q.status NOT IN ('suspended', 'erased')) AS waiting_requests
FROM members m
JOIN orgs o ON o.id = m.org_id
JOIN accounts a ON a.member_id = m.id;
