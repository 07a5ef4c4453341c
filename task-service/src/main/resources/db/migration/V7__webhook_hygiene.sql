-- One endpoint per URL and account: the same URL twice would get every call twice.
CREATE UNIQUE INDEX webhook_endpoints_account_url ON webhook_endpoints (account_id, url);
-- Finished deliveries are deleted with the tasks' retention: their payload holds the task's result.
CREATE INDEX webhook_deliveries_finished ON webhook_deliveries ((COALESCE(delivered_at, abandoned_at)))
    WHERE delivered_at IS NOT NULL OR abandoned_at IS NOT NULL;
