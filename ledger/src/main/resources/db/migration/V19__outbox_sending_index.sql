-- The dispatcher's minute-by-minute requeue of rows a crashed instance left in 'sending'
-- (PgOutbox.recoverStale) read the whole outbox, which keeps every message ever sent: 600,000 rows
-- after one benchmark run, millions after a year of broadcasts, each read taking a core for a
-- noticeable moment every minute. Only the few rows in 'sending' are indexed here. A message enters
-- this index when it is claimed; its other status changes were not HOT already (status is in the
-- due index's predicate), so each claim adds one small index entry.
CREATE INDEX outbox_sending ON outbox (updated_at) WHERE status = 'sending';
