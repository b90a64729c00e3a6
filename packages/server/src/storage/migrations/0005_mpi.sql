-- The master patient index (docs/integrators/mpi.md). Each facility's Patient
-- stays as submitted; mpi_record says which person it belongs to, and each
-- person has a golden Patient (id = person_id) built from its records.

-- One row per source Patient: its person and what matching compares of it.
CREATE TABLE mpi_record (
  patient_id  text PRIMARY KEY,
  person_id   text NOT NULL,
  -- new: alone when matched; auto: linked by the matcher; steward: placed by a data steward.
  link_kind   text NOT NULL CHECK (link_kind IN ('new', 'auto', 'steward')),
  features    jsonb NOT NULL,
  -- Problems found in the record (an impossible CCCD, a birth date in the future).
  warnings    jsonb NOT NULL DEFAULT '[]',
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mpi_record_person ON mpi_record (person_id);

-- Blocking keys: records are compared only when they share a key.
CREATE TABLE mpi_key (
  key         text NOT NULL,
  patient_id  text NOT NULL,
  PRIMARY KEY (key, patient_id)
);
CREATE INDEX mpi_key_patient ON mpi_key (patient_id);

-- Possible matches waiting for (or decided by) a data steward.
CREATE TABLE mpi_review (
  id            text PRIMARY KEY,
  patient_id    text NOT NULL,
  candidate_id  text NOT NULL,
  weight        double precision NOT NULL,
  detail        jsonb NOT NULL,
  status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'linked', 'not-same', 'withdrawn')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  decided_at    timestamptz,
  decided_by    text,
  reason        text
);
CREATE UNIQUE INDEX mpi_review_open_pair ON mpi_review (LEAST(patient_id, candidate_id), GREATEST(patient_id, candidate_id))
  WHERE status = 'open';
CREATE INDEX mpi_review_status ON mpi_review (status, created_at);

-- Pairs a data steward said are two people: never linked automatically again.
CREATE TABLE mpi_distinct (
  patient_a  text NOT NULL,
  patient_b  text NOT NULL,
  PRIMARY KEY (patient_a, patient_b),
  CHECK (patient_a < patient_b)
);

-- Every change of membership, with the state before it, so it can be undone.
CREATE TABLE mpi_event (
  id          text PRIMARY KEY,
  seq         bigserial UNIQUE,
  at          timestamptz NOT NULL DEFAULT now(),
  kind        text NOT NULL,
  actor       text NOT NULL,
  reason      text,
  -- [{patient_id, person_id, link_kind}] of the records it moved, before and after.
  before      jsonb NOT NULL,
  after       jsonb NOT NULL,
  undone_by   text
);
