-- Webhook endpoints an account registered, and the signed event callbacks owed to them. A delivery row is written in
-- the transaction that finishes its task, so no ending is lost between the status and its callback.
CREATE TABLE webhook_endpoints (
    id         VARCHAR(40)   PRIMARY KEY,
    account_id VARCHAR(64)   NOT NULL,
    url        VARCHAR(2048) NOT NULL,
    -- The signing secret itself: a signature needs it, so it cannot be stored hashed as API keys are.
    secret     VARCHAR(80)   NOT NULL,
    created_at TIMESTAMPTZ   NOT NULL
);
CREATE INDEX webhook_endpoints_account ON webhook_endpoints (account_id, created_at);

CREATE TABLE webhook_deliveries (
    id              BIGSERIAL    PRIMARY KEY,
    endpoint_id     VARCHAR(40)  NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event_id        VARCHAR(80)  NOT NULL,
    event_type      VARCHAR(40)  NOT NULL,
    payload         TEXT         NOT NULL,
    attempts        INT          NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ  NOT NULL,
    delivered_at    TIMESTAMPTZ,
    abandoned_at    TIMESTAMPTZ,
    last_status     INT,
    last_error      VARCHAR(300),
    created_at      TIMESTAMPTZ  NOT NULL,
    -- A replayed status event finds its delivery already written.
    UNIQUE (endpoint_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
    WHERE delivered_at IS NULL AND abandoned_at IS NULL;
