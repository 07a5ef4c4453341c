package dev.relay.billing.support;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Reads the billing database directly, to check what the API cannot show (entry counts, sums). */
@ApplicationScoped
public class Ledger {

    private final DataSource dataSource;

    public Ledger(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public long entries(String accountId) {
        return single("SELECT count(*) FROM ledger_entries WHERE account_id = ?", accountId);
    }

    public long sum(String accountId) {
        return single("SELECT COALESCE(sum(amount_micro), 0) FROM ledger_entries WHERE account_id = ?", accountId);
    }

    public long balanceRow(String accountId) {
        return single("SELECT COALESCE(max(balance_micro), 0) FROM account_balances WHERE account_id = ?", accountId);
    }

    public long sequenceRow(String accountId) {
        return single("SELECT COALESCE(max(ledger_sequence), 0) FROM account_balances WHERE account_id = ?", accountId);
    }

    public long debitOf(String eventId) {
        return -single("SELECT amount_micro FROM ledger_entries WHERE event_id = ?", eventId);
    }

    public int update(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            return s.executeUpdate();
        }
    }

    private long single(String sql, String arg) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, arg);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
