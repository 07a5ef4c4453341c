-- The idempotency key takes the name the design uses: event_id (the usage event id, or 'topup:' || reference).
ALTER TABLE ledger_entries RENAME COLUMN entry_key TO event_id;
ALTER TABLE ledger_entries RENAME CONSTRAINT ledger_entries_entry_key_unique TO ledger_entries_event_id_unique;
