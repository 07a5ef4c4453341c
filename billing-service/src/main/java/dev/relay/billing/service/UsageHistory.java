package dev.relay.billing.service;

import dev.relay.contracts.internal.ApiError;

import dev.relay.billing.persistence.LedgerRepository;
import dev.relay.billing.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/** An account's usage, newest first, in keyset pages: a cursor names the last row seen as (created_at, id). */
@ApplicationScoped
public class UsageHistory {

    public static final int MAX_LIMIT = 500;

    public record Page(List<UsageRecord> records, String nextCursor) {
    }

    private record Position(Instant createdAt, long rowId) {
    }

    private final Transactions transactions;
    private final LedgerRepository ledger;

    public UsageHistory(Transactions transactions, LedgerRepository ledger) {
        this.transactions = transactions;
        this.ledger = ledger;
    }

    public Page page(String accountId, int limit, String cursor) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiError.invalidValue("limit", "limit must be between 1 and " + MAX_LIMIT + ".");
        }
        Position after = cursor == null || cursor.isBlank() ? null : decode(cursor);
        // One row more than asked tells whether another page exists without a second query.
        List<UsageRecord> rows = transactions.read(c -> ledger.usagePage(c, accountId,
                after == null ? null : after.createdAt(), after == null ? 0 : after.rowId(), limit + 1));
        if (rows.size() <= limit) {
            return new Page(rows, null);
        }
        List<UsageRecord> page = rows.subList(0, limit);
        UsageRecord last = page.get(limit - 1);
        return new Page(List.copyOf(page), encode(new Position(last.createdAt(), last.rowId())));
    }

    private static String encode(Position position) {
        long micros = Math.addExact(Math.multiplyExact(position.createdAt().getEpochSecond(), 1_000_000L),
                position.createdAt().getNano() / 1_000);
        String raw = micros + ":" + position.rowId();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static Position decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = raw.indexOf(':');
            long micros = Long.parseLong(raw.substring(0, colon));
            long rowId = Long.parseLong(raw.substring(colon + 1));
            Instant at = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
            return new Position(at, rowId);
        } catch (RuntimeException e) {
            throw ApiError.invalidValue("cursor", "cursor is not one this API returned.");
        }
    }
}
