package dev.relay.auth.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Keys that are not revoked are "live"; revoked rows stay for audit but are invisible to every read here. */
@ApplicationScoped
public class ApiKeyRepository {

    private static final String COLUMNS =
            "k.id, k.account_id, k.name, k.prefix, k.key_hash, k.rpm_limit, k.allowed_models, k.created_at, k.last_used_at";

    private final Sql sql;

    public ApiKeyRepository(Sql sql) {
        this.sql = sql;
    }

    public void insert(ApiKey key) {
        sql.update("""
                INSERT INTO api_keys (id, account_id, name, prefix, key_hash, rpm_limit, allowed_models, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", s -> {
            s.setString(1, key.id());
            s.setString(2, key.accountId());
            s.setString(3, key.name());
            s.setString(4, key.prefix());
            s.setString(5, key.keyHash());
            s.setInt(6, key.rpmLimit());
            s.setArray(7, s.getConnection().createArrayOf("text", key.allowedModels().toArray()));
            s.setTimestamp(8, Timestamp.from(key.createdAt()));
        });
    }

    /** The live key with this hash, with its account's tier. */
    public Optional<KeyWithTier> findLiveByHash(String keyHash) {
        return sql.query("SELECT " + COLUMNS + ", a.tier FROM api_keys k JOIN accounts a ON a.id = k.account_id"
                        + " WHERE k.key_hash = ? AND k.revoked_at IS NULL",
                s -> s.setString(1, keyHash),
                row -> new KeyWithTier(key(row), row.getString("tier"))).stream().findFirst();
    }

    public List<ApiKey> listLive(String accountId) {
        return sql.query("SELECT " + COLUMNS + " FROM api_keys k WHERE k.account_id = ? AND k.revoked_at IS NULL"
                + " ORDER BY k.created_at, k.id", s -> s.setString(1, accountId), ApiKeyRepository::key);
    }

    public Optional<ApiKey> findLive(String accountId, String keyId) {
        return sql.query("SELECT " + COLUMNS + " FROM api_keys k WHERE k.id = ? AND k.account_id = ?"
                + " AND k.revoked_at IS NULL", s -> {
                    s.setString(1, keyId);
                    s.setString(2, accountId);
                }, ApiKeyRepository::key).stream().findFirst();
    }

    /** Marks the live key revoked; empty when the account has no such live key. */
    public Optional<ApiKey> revoke(String accountId, String keyId, Instant at) {
        return sql.query("UPDATE api_keys k SET revoked_at = ? WHERE k.id = ? AND k.account_id = ?"
                        + " AND k.revoked_at IS NULL RETURNING " + COLUMNS,
                s -> {
                    s.setTimestamp(1, Timestamp.from(at));
                    s.setString(2, keyId);
                    s.setString(3, accountId);
                }, ApiKeyRepository::key).stream().findFirst();
    }

    /** One batch: each key's last_used_at moves forward to the given instant, never back. */
    public void recordLastUsed(Map<String, Instant> lastUsedByKeyId) {
        List<Sql.Binder> rows = lastUsedByKeyId.entrySet().stream().<Sql.Binder>map(e -> s -> {
            Timestamp at = Timestamp.from(e.getValue());
            s.setTimestamp(1, at);
            s.setString(2, e.getKey());
            s.setTimestamp(3, at);
        }).toList();
        sql.batch("UPDATE api_keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)",
                rows);
    }

    private static ApiKey key(ResultSet row) throws SQLException {
        Timestamp lastUsed = row.getTimestamp("last_used_at");
        return new ApiKey(row.getString("id"), row.getString("account_id"), row.getString("name"),
                row.getString("prefix"), row.getString("key_hash"), row.getInt("rpm_limit"),
                models(row.getArray("allowed_models")), row.getTimestamp("created_at").toInstant(),
                lastUsed == null ? null : lastUsed.toInstant());
    }

    private static List<String> models(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    public record KeyWithTier(ApiKey key, String tier) {
    }
}
