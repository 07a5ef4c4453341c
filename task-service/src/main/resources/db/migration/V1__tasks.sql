-- Async jobs. Filled in by the async-tasks work; the table exists so the service owns its schema from day one.
CREATE TABLE tasks (
    id            VARCHAR(80) PRIMARY KEY,
    account_id    VARCHAR(64) NOT NULL,
    mode          VARCHAR(16) NOT NULL,
    kind          VARCHAR(32) NOT NULL,
    status        VARCHAR(16) NOT NULL,
    request_json  TEXT        NOT NULL,
    result_json   TEXT,
    error_message TEXT,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX tasks_account_created ON tasks (account_id, created_at);
