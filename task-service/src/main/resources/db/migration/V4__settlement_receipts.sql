-- An opengpu task's payment on chain, as settlement-service published it (relay.settlements): the receipt its poll shows.
ALTER TABLE tasks ADD COLUMN settlement_json TEXT;
