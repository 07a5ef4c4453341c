-- What an executor needs to run a task and a poll needs to show it: the payer's key and tier, the model as requested,
-- the credit held for it (settled by the task's usage event), and a failure as the HTTP answer it would have been.
ALTER TABLE tasks
    ADD COLUMN key_id         VARCHAR(64),
    ADD COLUMN tier           VARCHAR(32),
    ADD COLUMN model          TEXT        NOT NULL DEFAULT '',
    ADD COLUMN reservation_id VARCHAR(80),
    ADD COLUMN reserved_micro BIGINT      NOT NULL DEFAULT 0,
    ADD COLUMN error_status   INT,
    ADD COLUMN error_code     VARCHAR(64);
