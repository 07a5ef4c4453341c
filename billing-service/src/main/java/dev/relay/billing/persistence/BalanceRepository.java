package dev.relay.billing.persistence;

import dev.relay.billing.persistence.LedgerRepository.Delta;
import dev.relay.billing.service.BalanceSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** account_balances: the running sum of each account's ledger, written in the transaction that adds the entries. */
@ApplicationScoped
public class BalanceRepository {

    /**
     * Adds each delta to its account's row (creating it). Accounts are written in sorted order so that concurrent
     * writers (the usage consumer, top-ups, another replica) lock rows in the same order and cannot deadlock.
     */
    public void apply(Connection connection, Map<String, Delta> deltas) throws SQLException {
        if (deltas.isEmpty()) {
            return;
        }
        TreeMap<String, Delta> sorted = new TreeMap<>(deltas);
        String[] accounts = sorted.keySet().toArray(String[]::new);
        Long[] amounts = sorted.values().stream().map(Delta::amountMicro).toArray(Long[]::new);
        Long[] entries = sorted.values().stream().map(Delta::entries).toArray(Long[]::new);
        String sql = """
                INSERT INTO account_balances AS b (account_id, balance_micro, ledger_sequence)
                SELECT a, amt, n FROM unnest(?::text[], ?::bigint[], ?::bigint[]) AS u(a, amt, n)
                ON CONFLICT (account_id) DO UPDATE
                SET balance_micro = b.balance_micro + excluded.balance_micro,
                    ledger_sequence = b.ledger_sequence + excluded.ledger_sequence,
                    updated_at = now()""";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("text", accounts));
            statement.setArray(2, connection.createArrayOf("bigint", amounts));
            statement.setArray(3, connection.createArrayOf("bigint", entries));
            statement.executeUpdate();
        }
    }

    /** Current snapshots of the given accounts; accounts without a row are absent. */
    public Map<String, BalanceSnapshot> snapshots(Connection connection, Collection<String> accountIds)
            throws SQLException {
        String sql = "SELECT account_id, balance_micro, ledger_sequence FROM account_balances WHERE account_id = ANY(?)";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("text", accountIds.toArray(String[]::new)));
            Map<String, BalanceSnapshot> result = new HashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.put(rows.getString(1), read(rows));
                }
            }
            return result;
        }
    }

    public Optional<BalanceSnapshot> find(Connection connection, String accountId) throws SQLException {
        return Optional.ofNullable(snapshots(connection, List.of(accountId)).get(accountId));
    }

    /** Up to {@code limit} snapshots with account ids after {@code afterAccountId}, in id order (for full scans). */
    public List<BalanceSnapshot> pageAfter(Connection connection, String afterAccountId, int limit) throws SQLException {
        String sql = "SELECT account_id, balance_micro, ledger_sequence FROM account_balances "
                + "WHERE account_id > ? ORDER BY account_id LIMIT ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, afterAccountId);
            statement.setInt(2, limit);
            List<BalanceSnapshot> page = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    page.add(read(rows));
                }
            }
            return page;
        }
    }

    private static BalanceSnapshot read(ResultSet row) throws SQLException {
        return new BalanceSnapshot(row.getString(1), row.getLong(2), row.getLong(3));
    }
}
