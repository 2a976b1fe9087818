-- A USSD session row is saved at every hop. With updated_at in an index every save was a non-HOT
-- update (new entries in both indexes); indexing the phone alone lets saves update in place
-- (HOT), with room left on each page for the new row versions. The resume and outcome lookups
-- still find a phone's few sessions through the index and order them by updated_at.
DROP INDEX ussd_sessions_phone;
CREATE INDEX ussd_sessions_phone ON ussd_sessions (phone);
ALTER TABLE ussd_sessions SET (fillfactor = 70);
