package dev.relay.auth.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;

@ApplicationScoped
public class AccountRepository {

    private final Sql sql;

    public AccountRepository(Sql sql) {
        this.sql = sql;
    }

    public void insert(Account account) {
        sql.update("INSERT INTO accounts (id, name, tier, created_at) VALUES (?, ?, ?, ?)", s -> {
            s.setString(1, account.id());
            s.setString(2, account.name());
            s.setString(3, account.tier());
            s.setTimestamp(4, Timestamp.from(account.createdAt()));
        });
    }

    public Optional<Account> find(String id) {
        return sql.query("SELECT id, name, tier, created_at FROM accounts WHERE id = ?", s -> s.setString(1, id),
                AccountRepository::account).stream().findFirst();
    }

    public boolean exists(String id) {
        return find(id).isPresent();
    }

    /**
     * True when the account exists, holding a share lock on it until the transaction ends: a concurrent tier change
     * then either commits first or waits and sees (and announces) the key created under this lock.
     */
    public boolean lockShared(String id) {
        return !sql.query("SELECT 1 FROM accounts WHERE id = ? FOR SHARE", s -> s.setString(1, id), row -> 1).isEmpty();
    }

    public boolean updateTier(String id, String tier) {
        return sql.update("UPDATE accounts SET tier = ? WHERE id = ?", s -> {
            s.setString(1, tier);
            s.setString(2, id);
        }) == 1;
    }

    private static Account account(ResultSet row) throws SQLException {
        return new Account(row.getString("id"), row.getString("name"), row.getString("tier"),
                row.getTimestamp("created_at").toInstant());
    }
}
