-- Media of tasks: a transcription's input audio and the images, audio and video executors make, too large for Kafka
-- events. No foreign key to tasks: an input is uploaded before its task is created, so each row names its owner.
CREATE TABLE task_media (
    task_id      TEXT        NOT NULL,
    name         TEXT        NOT NULL,
    account_id   TEXT        NOT NULL,
    content_type TEXT        NOT NULL,
    bytes        BYTEA       NOT NULL,
    size_bytes   BIGINT      NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (task_id, name)
);
-- Retention looks for media whose task never came by age; media of a task are found by the primary key.
CREATE INDEX task_media_created ON task_media (created_at);
