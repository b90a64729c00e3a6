-- The data-feed board (docs/operations/administration.md): one row per visit a
-- facility submitted — an XML 130 visit (HOSO) and its outcome, or an
-- Encounter a facility system wrote through the FHIR API — so administrators
-- see which facilities feed data, how much, and what was refused.

CREATE TABLE feed_log (
  id              bigserial   PRIMARY KEY,
  -- MA_CSKCB of the visit ('' when the file said none).
  facility_code   text        NOT NULL,
  -- The facility's Organization, when known (the submitting client's, or found by its code).
  organization_id text,
  -- xml130: a visit of an XML 130 file; fhir: an Encounter created through the FHIR API
  -- by a facility's system or staff (attributed to their facility).
  source          text        NOT NULL CHECK (source IN ('xml130', 'fhir')),
  ma_lk           text        NOT NULL DEFAULT '',
  received_at     timestamptz NOT NULL DEFAULT now(),
  outcome         text        NOT NULL CHECK (outcome IN ('imported', 'unchanged', 'failed')),
  -- The checker's or the store's problems of a failed visit: rule, table, row, field, message (vi, en).
  problems        jsonb       NOT NULL DEFAULT '[]',
  -- Who sent it: the client id (or 'lienthong' for an operator's CLI import).
  submitted_by    text,
  -- One key per facility on the board: its Organization, or its code when no Organization is known.
  facility_key    text        GENERATED ALWAYS AS (COALESCE(organization_id, 'code:' || facility_code)) STORED
);
CREATE INDEX feed_log_facility_time ON feed_log (facility_key, received_at);
CREATE INDEX feed_log_failed ON feed_log (received_at) WHERE outcome = 'failed';
