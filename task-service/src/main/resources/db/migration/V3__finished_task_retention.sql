-- Retention deletes finished tasks by age: only finished rows are indexed, so the index stays as small as they are.
CREATE INDEX tasks_finished_updated ON tasks (updated_at) WHERE status IN ('completed', 'failed');
