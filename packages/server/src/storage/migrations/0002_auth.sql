-- Sign-in and authorization: people, client systems, OAuth state, and the
-- audit trail (see docs/security/*.md).

CREATE TABLE app_user (
  id              text        PRIMARY KEY,
  username        text        NOT NULL UNIQUE,
  display_name    text        NOT NULL,
  role            text        NOT NULL,
  organization_id text,
  practitioner_id text,
  patient_id      text,
  password_hash   text        NOT NULL,
  failed_logins   integer     NOT NULL DEFAULT 0,
  locked_until    timestamptz,
  disabled        boolean     NOT NULL DEFAULT false,
  demo            boolean     NOT NULL DEFAULT false,
  created_at      timestamptz NOT NULL DEFAULT now(),
  password_set_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE oauth_client (
  client_id       text        PRIMARY KEY,
  name            text        NOT NULL,
  role            text        NOT NULL,
  organization_id text,
  auth_method     text        NOT NULL,
  jwks            jsonb,
  jwks_uri        text,
  secret_salt     text,
  redirect_uris   text[]      NOT NULL DEFAULT '{}',
  scope           text        NOT NULL,
  disabled        boolean     NOT NULL DEFAULT false,
  demo            boolean     NOT NULL DEFAULT false,
  created_at      timestamptz NOT NULL DEFAULT now(),
  rotated_at      timestamptz
);

-- Storage for the OAuth server's own models (grants, codes, tokens, sessions).
CREATE TABLE oauth_model (
  kind        text        NOT NULL,
  id          text        NOT NULL,
  payload     jsonb       NOT NULL,
  grant_id    text,
  user_code   text,
  uid         text,
  expires_at  timestamptz,
  consumed_at timestamptz,
  PRIMARY KEY (kind, id)
);
CREATE INDEX oauth_model_grant ON oauth_model (grant_id) WHERE grant_id IS NOT NULL;
CREATE INDEX oauth_model_uid ON oauth_model (uid) WHERE uid IS NOT NULL;
CREATE INDEX oauth_model_expiry ON oauth_model (expires_at);

-- Signing keys of the OAuth server, kept so tokens survive a restart and
-- every server instance signs with the same keys.
CREATE TABLE signing_key (
  kid        text        PRIMARY KEY,
  jwk        jsonb       NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
