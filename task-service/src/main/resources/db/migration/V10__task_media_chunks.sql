-- Media are kept in chunks of at most 1 MiB, written as an upload is read and read as a download is written, so that
-- no medium is ever held whole in memory. Each upload is a version of its own, a task_media row that readers see only
-- once it is stored: its chunks are written first, then one transaction stores it and deletes the version it replaces
-- (its chunks with it). A reader thus gets one whole version, and a download fixes its version when it starts.
ALTER TABLE task_media DROP CONSTRAINT task_media_pkey;
ALTER TABLE task_media ADD COLUMN version BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY;
-- False while the upload's chunks are being written; the rows there are now were stored whole.
ALTER TABLE task_media ADD COLUMN stored BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE task_media ALTER COLUMN stored DROP DEFAULT;
-- One stored version per task and name; uploads in progress beside it are not readable.
CREATE UNIQUE INDEX task_media_stored ON task_media (task_id, name) WHERE stored;
-- Retention finds every version of a task's media, those still being uploaded included.
CREATE INDEX task_media_task ON task_media (task_id);

-- Deleting a version (replaced, or by retention's bulk deletes) deletes its chunks.
CREATE TABLE task_media_chunk (
    version BIGINT  NOT NULL REFERENCES task_media (version) ON DELETE CASCADE,
    seq     INTEGER NOT NULL,
    data    BYTEA   NOT NULL,
    PRIMARY KEY (version, seq)
);

-- The bytes stored so far, cut into chunks of 1 MiB as new uploads are (readers accept any size, but a larger chunk
-- would be held whole while it is served). An empty medium has no chunk.
INSERT INTO task_media_chunk (version, seq, data)
SELECT m.version, c.seq, substring(m.bytes FROM c.seq * 1048576 + 1 FOR 1048576)
FROM task_media m CROSS JOIN LATERAL generate_series(0, (octet_length(m.bytes) - 1) / 1048576) AS c(seq)
WHERE octet_length(m.bytes) > 0;

ALTER TABLE task_media DROP COLUMN bytes;
