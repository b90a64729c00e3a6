-- Two administration needs (docs/operations/administration.md):
--
-- 1. A temporary password (a new account, a reset by an administrator) must be
--    replaced by the person at their first sign-in: the sign-in page asks for
--    a new one before any token is issued.
ALTER TABLE app_user ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;

-- 2. The data-feed board stays fast on a feed_log of millions of rows: its
--    facility list walks this index one key at a time (a skip scan, not a
--    DISTINCT over the table), "last submission" is one backward probe per
--    facility, and the 7-day counts read only the index (outcome included).
CREATE INDEX feed_log_facility_recent ON feed_log (facility_key, received_at) INCLUDE (outcome);
DROP INDEX feed_log_facility_time;
