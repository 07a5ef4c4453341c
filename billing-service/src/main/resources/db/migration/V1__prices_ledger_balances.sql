-- Prices: one row per (model, version). A change inserts a new version effective from its creation, so usage
-- is always priced with the version in force when it happened and past usage is never repriced.
CREATE TABLE price_versions (
    model                    TEXT        NOT NULL,
    version                  INT         NOT NULL CHECK (version >= 1),
    input_per_million_micro  BIGINT      NOT NULL CHECK (input_per_million_micro >= 0),
    output_per_million_micro BIGINT      NOT NULL CHECK (output_per_million_micro >= 0),
    per_image_micro          BIGINT      NOT NULL DEFAULT 0 CHECK (per_image_micro >= 0),
    per_second_micro         BIGINT      NOT NULL DEFAULT 0 CHECK (per_second_micro >= 0),
    default_max_tokens       INT         NOT NULL DEFAULT 4096 CHECK (default_max_tokens > 0),
    effective_from           TIMESTAMPTZ NOT NULL,
    created_at               TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (model, version)
);

-- The ledger: append-only, signed micro-dollars (credits > 0, debits < 0). entry_key makes every entry
-- idempotent: the usage event id for a debit, 'topup:' || reference for a top-up.
CREATE TABLE ledger_entries (
    id                BIGSERIAL   PRIMARY KEY,
    entry_key         TEXT        NOT NULL,
    account_id        TEXT        NOT NULL,
    kind              TEXT        NOT NULL CHECK (kind IN ('usage', 'topup', 'refund', 'adjustment')),
    amount_micro      BIGINT      NOT NULL,
    request_id        TEXT,
    model             TEXT,
    price_version     INT,
    prompt_tokens     BIGINT,
    completion_tokens BIGINT,
    reservation_id    TEXT,
    outcome           TEXT,
    reference         TEXT,
    occurred_at       TIMESTAMPTZ NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT ledger_entries_entry_key_unique UNIQUE (entry_key)
);
CREATE INDEX ledger_entries_account_created ON ledger_entries (account_id, created_at, id);

-- Append-only is enforced by the database, not only by convention.
CREATE FUNCTION ledger_entries_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'ledger_entries is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER ledger_entries_no_update_or_delete
    BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_append_only();

-- The running balance, updated in the same transaction as the entries it sums. ledger_sequence counts the
-- account's entries, so snapshots of one account are totally ordered.
CREATE TABLE account_balances (
    account_id      TEXT        PRIMARY KEY,
    balance_micro   BIGINT      NOT NULL,
    ledger_sequence BIGINT      NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
