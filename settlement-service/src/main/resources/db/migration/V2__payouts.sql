-- What a settlement needs to be paid exactly once and proven: the usage it pays for, the amount in the chain's unit,
-- the task's contract address, and whether its relay.settlements event went out. The provider is unknown until the
-- worker announces its payout address, hence nullable.
ALTER TABLE settlements ALTER COLUMN provider DROP NOT NULL;
ALTER TABLE settlements ALTER COLUMN status TYPE VARCHAR(24);
ALTER TABLE settlements ADD COLUMN account_id   VARCHAR(64);
ALTER TABLE settlements ADD COLUMN worker_id    VARCHAR(128) NOT NULL DEFAULT '';
ALTER TABLE settlements ADD COLUMN amount_wei   NUMERIC(78, 0) NOT NULL DEFAULT 0;
ALTER TABLE settlements ADD COLUMN task_address VARCHAR(42);
ALTER TABLE settlements ADD COLUMN failure      TEXT;
ALTER TABLE settlements ADD COLUMN sent_at      TIMESTAMPTZ;
ALTER TABLE settlements ADD COLUMN published_at TIMESTAMPTZ;
ALTER TABLE settlements ALTER COLUMN worker_id DROP DEFAULT;
CREATE INDEX settlements_unpublished ON settlements (updated_at) WHERE status = 'confirmed' AND published_at IS NULL;
CREATE INDEX settlements_worker_waiting ON settlements (worker_id) WHERE status = 'awaiting_provider';

-- The address each opengpu worker is paid at, from its heartbeat's label.
CREATE TABLE providers (
    worker_id      VARCHAR(128) PRIMARY KEY,
    payout_address VARCHAR(42)  NOT NULL,
    updated_at     TIMESTAMPTZ  NOT NULL
);
