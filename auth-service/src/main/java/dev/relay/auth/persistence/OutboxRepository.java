package dev.relay.auth.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/** Pending relay.keys records. Appended in the transaction of the change they announce. */
@ApplicationScoped
public class OutboxRepository {

    public record Pending(long id, String keyId, String payload) {
    }

    private final Sql sql;

    public OutboxRepository(Sql sql) {
        this.sql = sql;
    }

    public void append(String keyId, String payload, Instant at) {
        sql.update("INSERT INTO key_event_outbox (key_id, payload, created_at) VALUES (?, ?, ?)", s -> {
            s.setString(1, keyId);
            s.setString(2, payload);
            s.setTimestamp(3, Timestamp.from(at));
        });
    }

    /** Oldest first; rows another replica is publishing right now are skipped, not waited for. */
    public List<Pending> lockOldest(int limit) {
        return sql.query("SELECT id, key_id, payload FROM key_event_outbox ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED",
                s -> s.setInt(1, limit), row -> new Pending(row.getLong("id"), row.getString("key_id"),
                        row.getString("payload")));
    }

    public void delete(List<Pending> published) {
        Long[] ids = published.stream().map(Pending::id).toArray(Long[]::new);
        sql.update("DELETE FROM key_event_outbox WHERE id = ANY (?)",
                s -> s.setArray(1, s.getConnection().createArrayOf("bigint", ids)));
    }
}
