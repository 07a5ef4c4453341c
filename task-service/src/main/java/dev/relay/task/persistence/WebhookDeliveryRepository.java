package dev.relay.task.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.List;

/**
 * The webhook_deliveries table: callbacks owed, claimed by one replica at a time for a lease, then marked delivered,
 * due again later or abandoned. Times are the database's, so that replicas with skewed clocks agree on what is due.
 */
@ApplicationScoped
public class WebhookDeliveryRepository {

    /** A delivery claimed for sending: where to, how to sign it, and which attempt this is (from 1). */
    public record Due(long id, String endpointId, String url, String secret, String eventId, String payload,
            int attempt) {
    }

    private final EntityManager em;

    public WebhookDeliveryRepository(EntityManager em) {
        this.em = em;
    }

    /**
     * Owes the event to every endpoint the account has now, due at once; an event already owed to an endpoint (a
     * replayed ending) is not owed twice. Answers how many deliveries were added.
     */
    @Transactional
    public int enqueue(String accountId, String eventId, String eventType, String payload) {
        return em.createNativeQuery("""
                INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, payload, next_attempt_at, created_at)
                SELECT id, :event, :type, :payload, now(), now() FROM webhook_endpoints WHERE account_id = :account
                ON CONFLICT (endpoint_id, event_id) DO NOTHING""")
                .setParameter("event", eventId)
                .setParameter("type", eventType)
                .setParameter("payload", payload)
                .setParameter("account", accountId)
                .executeUpdate();
    }

    /**
     * Claims up to {@code limit} due deliveries, oldest first, counting the attempt now and making each due again after
     * {@code lease}: another replica skips rows being claimed, and a replica that dies mid-send leaves its deliveries
     * to be retried once the lease ends.
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<Due> claimDue(int limit, Duration lease) {
        List<Object[]> rows = em.createNativeQuery("""
                WITH due AS (
                    SELECT id FROM webhook_deliveries
                    WHERE delivered_at IS NULL AND abandoned_at IS NULL AND next_attempt_at <= now()
                    ORDER BY next_attempt_at
                    LIMIT :limit
                    FOR UPDATE SKIP LOCKED)
                UPDATE webhook_deliveries d
                SET attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => :lease)
                FROM due, webhook_endpoints e
                WHERE d.id = due.id AND e.id = d.endpoint_id
                RETURNING d.id, e.id, e.url, e.secret, d.event_id, d.payload, d.attempts""")
                .setParameter("limit", limit)
                .setParameter("lease", (double) lease.toMillis() / 1000)
                .getResultList();
        return rows.stream().map(row -> new Due(((Number) row[0]).longValue(), (String) row[1], (String) row[2],
                (String) row[3], (String) row[4], (String) row[5], ((Number) row[6]).intValue())).toList();
    }

    @Transactional
    public void delivered(long id, int status) {
        em.createNativeQuery("""
                UPDATE webhook_deliveries SET delivered_at = now(), last_status = :status, last_error = NULL
                WHERE id = :id""")
                .setParameter("status", status)
                .setParameter("id", id)
                .executeUpdate();
    }

    /**
     * The attempt failed, with the receiver's status (0 when it never answered) and why: due again after
     * {@code retryIn}, or, when that is null, abandoned.
     */
    @Transactional
    public void failed(long id, int status, String error, Duration retryIn) {
        em.createNativeQuery("""
                UPDATE webhook_deliveries
                SET last_status = NULLIF(:status, 0), last_error = :error,
                    next_attempt_at = CASE WHEN :abandon THEN next_attempt_at
                                           ELSE now() + make_interval(secs => :retry) END,
                    abandoned_at = CASE WHEN :abandon THEN now() END
                WHERE id = :id""")
                .setParameter("status", status)
                .setParameter("error", error.length() > 300 ? error.substring(0, 300) : error)
                .setParameter("abandon", retryIn == null)
                .setParameter("retry", retryIn == null ? 0.0 : (double) retryIn.toMillis() / 1000)
                .setParameter("id", id)
                .executeUpdate();
    }
}
