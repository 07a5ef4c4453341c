-- On-chain payments to OpenGPU providers, one per settled task, with the receipt once mined.
CREATE TABLE settlements (
    task_id        VARCHAR(80) PRIMARY KEY,
    provider       VARCHAR(64) NOT NULL,
    amount_micro   BIGINT      NOT NULL,
    status         VARCHAR(16) NOT NULL,
    tx_hash        VARCHAR(66),
    block_number   BIGINT,
    confirmations  INT,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX settlements_status ON settlements (status);
