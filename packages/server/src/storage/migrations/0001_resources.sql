-- The resource store: current versions, every version, and the search index.
-- Every patient-compartment row carries its patient key (patient_id), so a
-- sharded PostgreSQL (Citus) can distribute the store by patient later.

CREATE TABLE resource (
  resource_type text        NOT NULL,
  id            text        NOT NULL,
  version_id    bigint      NOT NULL,
  last_updated  timestamptz NOT NULL,
  deleted       boolean     NOT NULL DEFAULT false,
  content       text        NOT NULL,
  patient_id    text,
  compartments  text[]      NOT NULL DEFAULT '{}',
  PRIMARY KEY (resource_type, id)
);
CREATE INDEX resource_last_updated ON resource (resource_type, last_updated, id);
CREATE INDEX resource_compartments ON resource USING gin (compartments);

CREATE TABLE resource_history (
  resource_type text        NOT NULL,
  id            text        NOT NULL,
  version_id    bigint      NOT NULL,
  last_updated  timestamptz NOT NULL,
  method        text        NOT NULL,
  deleted       boolean     NOT NULL DEFAULT false,
  content       text,
  PRIMARY KEY (resource_type, id, version_id)
);
CREATE INDEX resource_history_type_time ON resource_history (resource_type, last_updated);
CREATE INDEX resource_history_time ON resource_history (last_updated);

-- Search index: one table per parameter type, one row per indexed value.
CREATE TABLE sp_string (
  resource_type text NOT NULL,
  id            text NOT NULL,
  code          text NOT NULL,
  norm          text COLLATE "C" NOT NULL,
  exact         text NOT NULL
);
CREATE INDEX sp_string_search ON sp_string (resource_type, code, norm);
CREATE INDEX sp_string_owner ON sp_string (resource_type, id);

CREATE TABLE sp_token (
  resource_type text NOT NULL,
  id            text NOT NULL,
  code          text NOT NULL,
  system        text,
  value         text,
  display       text COLLATE "C",
  type_system   text,
  type_code     text
);
CREATE INDEX sp_token_search ON sp_token (resource_type, code, value, system);
CREATE INDEX sp_token_owner ON sp_token (resource_type, id);

CREATE TABLE sp_reference (
  resource_type text NOT NULL,
  id            text NOT NULL,
  code          text NOT NULL,
  target_type   text,
  target_id     text,
  target_url    text
);
CREATE INDEX sp_reference_search ON sp_reference (resource_type, code, target_id);
CREATE INDEX sp_reference_target ON sp_reference (target_type, target_id);
CREATE INDEX sp_reference_owner ON sp_reference (resource_type, id);

CREATE TABLE sp_date (
  resource_type text        NOT NULL,
  id            text        NOT NULL,
  code          text        NOT NULL,
  low           timestamptz NOT NULL,
  high          timestamptz NOT NULL
);
CREATE INDEX sp_date_search ON sp_date (resource_type, code, low, high);
CREATE INDEX sp_date_owner ON sp_date (resource_type, id);

CREATE TABLE sp_number (
  resource_type text    NOT NULL,
  id            text    NOT NULL,
  code          text    NOT NULL,
  value         numeric NOT NULL
);
CREATE INDEX sp_number_search ON sp_number (resource_type, code, value);
CREATE INDEX sp_number_owner ON sp_number (resource_type, id);

CREATE TABLE sp_quantity (
  resource_type text    NOT NULL,
  id            text    NOT NULL,
  code          text    NOT NULL,
  value         numeric NOT NULL,
  system        text,
  unit          text
);
CREATE INDEX sp_quantity_search ON sp_quantity (resource_type, code, value);
CREATE INDEX sp_quantity_owner ON sp_quantity (resource_type, id);

CREATE TABLE sp_uri (
  resource_type text NOT NULL,
  id            text NOT NULL,
  code          text NOT NULL,
  value         text COLLATE "C" NOT NULL
);
CREATE INDEX sp_uri_search ON sp_uri (resource_type, code, value);
CREATE INDEX sp_uri_owner ON sp_uri (resource_type, id);

-- Composite parameters (e.g. Observation code-value-quantity): the first
-- component is a token in every R4 composite we index; the second is kept in
-- the column that fits its type.
CREATE TABLE sp_composite (
  resource_type text NOT NULL,
  id            text NOT NULL,
  code          text NOT NULL,
  c1_system     text,
  c1_value      text,
  c2_system     text,
  c2_value      text,
  c2_number     numeric,
  c2_low        timestamptz,
  c2_high       timestamptz
);
CREATE INDEX sp_composite_search ON sp_composite (resource_type, code, c1_value);
CREATE INDEX sp_composite_owner ON sp_composite (resource_type, id);

-- Transactional outbox: one row per committed change, written in the same
-- transaction as the change; the dispatcher turns rows into jobs.
CREATE TABLE outbox (
  seq           bigserial   PRIMARY KEY,
  resource_type text        NOT NULL,
  id            text        NOT NULL,
  version_id    bigint      NOT NULL,
  action        text        NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- The job queue (see docs/decisions/0004-job-queue.md).
CREATE TABLE job (
  id           bigserial   PRIMARY KEY,
  queue        text        NOT NULL,
  payload      jsonb       NOT NULL,
  run_at       timestamptz NOT NULL DEFAULT now(),
  attempts     integer     NOT NULL DEFAULT 0,
  max_attempts integer     NOT NULL DEFAULT 10,
  locked_until timestamptz,
  last_error   text,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX job_ready ON job (run_at) WHERE attempts < max_attempts;

CREATE TABLE job_failed (
  id         bigint      PRIMARY KEY,
  queue      text        NOT NULL,
  payload    jsonb       NOT NULL,
  attempts   integer     NOT NULL,
  last_error text,
  failed_at  timestamptz NOT NULL DEFAULT now()
);
