-- The data-feed board shows what amended XML 130 files took away
-- (docs/operations/administration.md): when a facility re-sends a visit
-- without some of its rows, the import deletes the resources those rows had
-- made, and administrators should see that a facility's files are removing
-- data, not only adding it. One count per visit row; 0 for everything else
-- (first imports, unchanged and failed visits, FHIR API Encounters, and the
-- rows written before this column).
ALTER TABLE feed_log ADD COLUMN removed integer NOT NULL DEFAULT 0;

-- The board's 7-day counts read only the index (migration 0007); summing
-- removed too must not send them to the table, so the index carries it.
DROP INDEX feed_log_facility_recent;
CREATE INDEX feed_log_facility_recent ON feed_log (facility_key, received_at) INCLUDE (outcome, removed);
