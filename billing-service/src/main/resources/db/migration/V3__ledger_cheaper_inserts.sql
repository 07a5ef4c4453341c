-- Metering is bound by PostgreSQL's CPU, and most of it goes into index inserts. So, per ledger row:
-- * one index fewer: the event id is the ledger's identity and becomes the primary key; id stays (a sequence, unique
--   by construction) for keyset paging, which the (account_id, created_at, id) index serves, and needs no index;
-- * ids compare bytewise (COLLATE "C") instead of by the database's locale rules, which cost a strcoll per comparison
--   and give these opaque ids no better order.
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_pkey;
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_event_id_unique;
ALTER TABLE ledger_entries
    ALTER COLUMN event_id TYPE TEXT COLLATE "C",
    ALTER COLUMN account_id TYPE TEXT COLLATE "C";
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_pkey PRIMARY KEY (event_id);
ALTER TABLE account_balances ALTER COLUMN account_id TYPE TEXT COLLATE "C";
