-- An endpoint's next due delivery, claimed as soon as its last call was taken.
CREATE INDEX webhook_deliveries_endpoint_due ON webhook_deliveries (endpoint_id, next_attempt_at, id)
    WHERE delivered_at IS NULL AND abandoned_at IS NULL;
