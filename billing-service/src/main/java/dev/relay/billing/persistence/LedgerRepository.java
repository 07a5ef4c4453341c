package dev.relay.billing.persistence;

import dev.relay.billing.service.Metered;
import dev.relay.billing.service.UsageCharge;
import dev.relay.billing.service.UsageRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The append-only ledger. Nothing here updates or deletes a row (a trigger refuses it anyway). */
@ApplicationScoped
public class LedgerRepository {

    /** Amount and number of ledger entries one write added to an account. */
    public record Delta(long amountMicro, long entries) {
        Delta plus(long amount) {
            return new Delta(Math.addExact(amountMicro, amount), entries + 1);
        }
    }

    /** An existing top-up, to tell a retry (same account and amount) from a reused reference. */
    public record Topup(String accountId, long amountMicro) {
    }

    /**
     * One multi-row INSERT (arrays unnested server-side: one round trip for the whole batch) that skips event ids
     * already in the ledger. Returns what the rows that were really inserted add to each account.
     */
    public Map<String, Delta> insertUsage(Connection connection, List<UsageCharge> charges) throws SQLException {
        int n = charges.size();
        String[] keys = new String[n];
        String[] accounts = new String[n];
        Long[] amounts = new Long[n];
        String[] requests = new String[n];
        String[] models = new String[n];
        Integer[] versions = new Integer[n];
        Long[] prompts = new Long[n];
        Long[] completions = new Long[n];
        Long[] images = new Long[n];
        Long[] mediaMillis = new Long[n];
        String[] reservations = new String[n];
        String[] outcomes = new String[n];
        String[] times = new String[n];
        for (int i = 0; i < n; i++) {
            UsageCharge c = charges.get(i);
            keys[i] = c.eventId();
            accounts[i] = c.accountId();
            amounts[i] = Math.negateExact(c.costMicro());
            requests[i] = c.requestId();
            models[i] = c.model();
            versions[i] = c.priceVersion();
            prompts[i] = c.usage().promptTokens();
            completions[i] = c.usage().completionTokens();
            // NULL when none, as in rows from before media: a chat row (nearly every row) stays as narrow as it was.
            images[i] = noneAsNull(c.usage().images());
            mediaMillis[i] = noneAsNull(c.usage().mediaMillis());
            reservations[i] = c.reservationId();
            outcomes[i] = c.outcome();
            times[i] = c.occurredAt().toString();
        }
        String sql = """
                INSERT INTO ledger_entries (event_id, account_id, kind, amount_micro, request_id, model, price_version,
                                            prompt_tokens, completion_tokens, images, media_millis, reservation_id,
                                            outcome, occurred_at)
                SELECT k, a, 'usage', amt, r, m, v, p, c, img, ms, res, o, t::timestamptz
                FROM unnest(?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::int[], ?::bigint[], ?::bigint[],
                            ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[])
                     AS u(k, a, amt, r, m, v, p, c, img, ms, res, o, t)
                ON CONFLICT (event_id) DO NOTHING
                RETURNING account_id, amount_micro""";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("text", keys));
            statement.setArray(2, connection.createArrayOf("text", accounts));
            statement.setArray(3, connection.createArrayOf("bigint", amounts));
            statement.setArray(4, connection.createArrayOf("text", requests));
            statement.setArray(5, connection.createArrayOf("text", models));
            statement.setArray(6, connection.createArrayOf("int4", versions));
            statement.setArray(7, connection.createArrayOf("bigint", prompts));
            statement.setArray(8, connection.createArrayOf("bigint", completions));
            statement.setArray(9, connection.createArrayOf("bigint", images));
            statement.setArray(10, connection.createArrayOf("bigint", mediaMillis));
            statement.setArray(11, connection.createArrayOf("text", reservations));
            statement.setArray(12, connection.createArrayOf("text", outcomes));
            statement.setArray(13, connection.createArrayOf("text", times));
            Map<String, Delta> deltas = new HashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    long amount = rows.getLong(2);
                    deltas.merge(rows.getString(1), new Delta(amount, 1), (old, ignored) -> old.plus(amount));
                }
            }
            return deltas;
        }
    }

    /** Records a top-up once per reference; empty when the reference was already used. */
    public Optional<Delta> insertTopup(Connection connection, String accountId, long amountMicro, String reference)
            throws SQLException {
        String sql = """
                INSERT INTO ledger_entries (event_id, account_id, kind, amount_micro, reference, occurred_at)
                VALUES (?, ?, 'topup', ?, ?, now())
                ON CONFLICT (event_id) DO NOTHING""";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, topupKey(reference));
            statement.setString(2, accountId);
            statement.setLong(3, amountMicro);
            statement.setString(4, reference);
            return statement.executeUpdate() == 1 ? Optional.of(new Delta(amountMicro, 1)) : Optional.empty();
        }
    }

    public Optional<Topup> findTopup(Connection connection, String reference) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT account_id, amount_micro FROM ledger_entries WHERE event_id = ?")) {
            statement.setString(1, topupKey(reference));
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(new Topup(row.getString(1), row.getLong(2))) : Optional.empty();
            }
        }
    }

    /**
     * A page of usage, newest first, strictly after the keyset position {@code (beforeCreatedAt, beforeRowId)}
     * when given. Served by the (account_id, created_at, id) index. A request that generated nothing and cost nothing
     * (one refused or failed before its worker counted a token, image or second) is left out: its entry only released
     * its hold.
     */
    public List<UsageRecord> usagePage(Connection connection, String accountId, Instant beforeCreatedAt,
            long beforeRowId, int limit) throws SQLException {
        String sql = """
                SELECT id, event_id, request_id, model, prompt_tokens, completion_tokens, images, media_millis,
                       amount_micro, created_at
                FROM ledger_entries
                WHERE account_id = ? AND kind = 'usage'
                  AND (prompt_tokens > 0 OR completion_tokens > 0 OR images > 0 OR media_millis > 0
                       OR amount_micro <> 0)
                  AND (?::timestamptz IS NULL OR (created_at, id) < (?::timestamptz, ?))
                ORDER BY created_at DESC, id DESC
                LIMIT ?""";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, accountId);
            if (beforeCreatedAt == null) {
                statement.setNull(2, Types.TIMESTAMP_WITH_TIMEZONE);
                statement.setNull(3, Types.TIMESTAMP_WITH_TIMEZONE);
            } else {
                OffsetDateTime before = beforeCreatedAt.atOffset(ZoneOffset.UTC);
                statement.setObject(2, before);
                statement.setObject(3, before);
            }
            statement.setLong(4, beforeRowId);
            statement.setInt(5, limit);
            List<UsageRecord> page = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    // getLong reads NULL (none, or a row from before media) as 0.
                    Metered usage = new Metered(rows.getLong(5), rows.getLong(6), rows.getLong(7), rows.getLong(8));
                    page.add(new UsageRecord(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
                            usage, -rows.getLong(9), rows.getTimestamp(10).toInstant()));
                }
            }
            return page;
        }
    }

    private static Long noneAsNull(long count) {
        return count == 0 ? null : count;
    }

    private static String topupKey(String reference) {
        return "topup:" + reference;
    }
}
