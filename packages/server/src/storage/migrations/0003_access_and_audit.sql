-- Access policy and audit trail (docs/security/access-policy.md, audit.md).

-- The facility whose system or staff created a resource: facility systems
-- read what they wrote, and a restricted record stays with its author.
ALTER TABLE resource ADD COLUMN author_org text;

-- Care relationships: a facility that saw the patient (an Encounter) or was
-- referred to (a ServiceRequest) may read the record until `until`.
CREATE TABLE care_relationship (
  patient_id      text        NOT NULL,
  organization_id text        NOT NULL,
  until           timestamptz NOT NULL,
  PRIMARY KEY (patient_id, organization_id)
);
CREATE INDEX care_relationship_org ON care_relationship (organization_id, until);

-- Residents who restricted sharing across facilities (an active Consent that denies).
CREATE TABLE consent_restriction (
  patient_id text PRIMARY KEY,
  consent_id text NOT NULL
);

-- Break-glass: a stated reason opens one patient's record to one user for a time.
CREATE TABLE break_glass (
  id         text        PRIMARY KEY,
  user_id    text        NOT NULL,
  patient_id text        NOT NULL,
  reason     text        NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  reviewed_by text,
  reviewed_at timestamptz
);
CREATE INDEX break_glass_user ON break_glass (user_id, patient_id, expires_at);

-- The audit trail: append-only FHIR AuditEvents. Rows are sealed into a hash
-- chain (chain_seq, prev_hash, hash) shortly after they commit, so an edited,
-- deleted or reordered entry is detected by `lienthong audit verify`.
CREATE TABLE audit_event (
  seq         bigserial   PRIMARY KEY,
  recorded    timestamptz NOT NULL DEFAULT now(),
  content     text        NOT NULL,
  action      text        NOT NULL,
  outcome     text        NOT NULL,
  agent_id    text,
  patient_ids text[]      NOT NULL DEFAULT '{}',
  break_glass boolean     NOT NULL DEFAULT false,
  chain_seq   bigint      UNIQUE,
  prev_hash   text,
  hash        text
);
CREATE INDEX audit_event_patients ON audit_event USING gin (patient_ids);
CREATE INDEX audit_event_recorded ON audit_event (recorded);
CREATE INDEX audit_event_unsealed ON audit_event (seq) WHERE chain_seq IS NULL;

-- The server's secret key when none is configured (LIENTHONG_SECRET_KEY is
-- preferred in production: then a database copy alone reveals no secret).
-- (Created here; IF NOT EXISTS because early builds had it in 0002.)
CREATE TABLE IF NOT EXISTS server_secret (
  name       text        PRIMARY KEY,
  value      text        NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
