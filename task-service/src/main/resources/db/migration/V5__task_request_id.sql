-- The submitting request's x-request-id, passed on to the executor so that the task's usage is listed under it.
ALTER TABLE tasks ADD COLUMN request_id TEXT;
