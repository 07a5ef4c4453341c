-- Accounts own keys; the tier decides account-wide limits, the key its own rpm_limit.
CREATE TABLE accounts (
    id         VARCHAR(64)  PRIMARY KEY,
    name       VARCHAR(200) NOT NULL,
    tier       VARCHAR(16)  NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL
);

-- The secret itself is never stored: only its SHA-256 (lowercase hex) and a 12-character display prefix.
CREATE TABLE api_keys (
    id             VARCHAR(64)  PRIMARY KEY,
    account_id     VARCHAR(64)  NOT NULL REFERENCES accounts (id),
    name           VARCHAR(100) NOT NULL,
    prefix         VARCHAR(12)  NOT NULL,
    key_hash       CHAR(64)     NOT NULL,
    rpm_limit      INTEGER      NOT NULL CHECK (rpm_limit BETWEEN 1 AND 1000),
    allowed_models TEXT[]       NOT NULL DEFAULT '{}',
    created_at     TIMESTAMPTZ  NOT NULL,
    last_used_at   TIMESTAMPTZ,
    revoked_at     TIMESTAMPTZ
);
CREATE UNIQUE INDEX api_keys_key_hash ON api_keys (key_hash);
CREATE INDEX api_keys_account_id ON api_keys (account_id);

-- Transactional outbox for relay.keys: written with the change it announces, published and deleted by a scheduler.
CREATE TABLE key_event_outbox (
    id         BIGSERIAL   PRIMARY KEY,
    key_id     VARCHAR(64) NOT NULL,
    payload    TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
