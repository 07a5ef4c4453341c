package dev.relay.task.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The webhook_deliveries table: callbacks owed, claimed by one replica at a time for a lease, then marked delivered,
 * due again later or abandoned. Times are the database's, so that replicas with skewed clocks agree on what is due.
 */
@ApplicationScoped
public class WebhookDeliveryRepository {

    /** A delivery claimed for sending: where to, how to sign it, and which attempt this is (from 1). */
    public record Due(long id, String endpointId, String accountId, String url, String secret, String eventId,
            String payload, int attempt) {
    }

    /**
     * Claims the rows of a query's {@code claimed} part: counts the attempt and makes each due again after
     * {@code :lease} seconds, and answers what sending them needs (read by {@link #dues}).
     */
    private static final String CLAIM_THEM = """
            UPDATE webhook_deliveries d
            SET attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => :lease)
            FROM claimed, webhook_endpoints e
            WHERE d.id = claimed.id AND e.id = d.endpoint_id
            RETURNING d.id, e.id, e.account_id, e.url, e.secret, d.event_id, d.payload, d.attempts""";

    private final EntityManager em;

    public WebhookDeliveryRepository(EntityManager em) {
        this.em = em;
    }

    /**
     * Owes the event to every endpoint the account has now, due at once; an event already owed to an endpoint (a
     * replayed ending) is not owed twice. Answers how many deliveries were added. The endpoints are locked as they are
     * read ({@code FOR KEY SHARE}): one being deleted meanwhile is then skipped, or deleted after, with its
     * deliveries, rather than failing the statement on the deliveries' foreign key.
     */
    @Transactional
    public int enqueue(String accountId, String eventId, String eventType, String payload) {
        return em.createNativeQuery("""
                INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, payload, next_attempt_at, created_at)
                SELECT id, :event, :type, :payload, now(), now() FROM webhook_endpoints WHERE account_id = :account
                FOR KEY SHARE
                ON CONFLICT (endpoint_id, event_id) DO NOTHING""")
                .setParameter("event", eventId)
                .setParameter("type", eventType)
                .setParameter("payload", payload)
                .setParameter("account", accountId)
                .executeUpdate();
    }

    /**
     * Owes the event to one endpoint of the account, due at once; false when the account has no such endpoint (none,
     * another's, or one deleted since its owner was last checked), locked as in {@link #enqueue}.
     */
    @Transactional
    public boolean enqueueFor(String endpointId, String accountId, String eventId, String eventType, String payload) {
        return em.createNativeQuery("""
                INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, payload, next_attempt_at, created_at)
                SELECT id, :event, :type, :payload, now(), now() FROM webhook_endpoints
                WHERE id = :endpoint AND account_id = :account
                FOR KEY SHARE""")
                .setParameter("endpoint", endpointId)
                .setParameter("account", accountId)
                .setParameter("event", eventId)
                .setParameter("type", eventType)
                .setParameter("payload", payload)
                .executeUpdate() == 1;
    }

    /**
     * Claims up to {@code limit} due deliveries: at most one per endpoint and {@code perAccount} per account, none for
     * the {@code busy} endpoints or the {@code full} accounts (those with that many calls out already), first attempts
     * before retries and then the oldest first; counts the attempt now and makes each due again after {@code lease}.
     * Another replica skips rows being claimed, and a replica that dies mid-send leaves its deliveries to be retried
     * once the lease ends. The caps keep receivers that never answer from taking every place: no account holds more
     * than its share, and its retries come after everyone's fresh events.
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<Due> claimDue(int limit, int perAccount, Duration lease, Set<String> busy, Set<String> full) {
        List<Object[]> rows = em.createNativeQuery("""
                WITH firsts AS (
                    SELECT id, account_id, fresh, next_attempt_at FROM (
                        SELECT d.id, e.account_id, d.attempts = 0 AS fresh, d.next_attempt_at,
                               row_number() OVER (PARTITION BY d.endpoint_id ORDER BY d.next_attempt_at, d.id) AS nth
                        FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
                        WHERE d.delivered_at IS NULL AND d.abandoned_at IS NULL AND d.next_attempt_at <= now()
                          AND d.endpoint_id NOT IN (:busy) AND e.account_id NOT IN (:full)) due
                    WHERE nth = 1),
                fair AS (
                    SELECT id FROM (
                        SELECT id, fresh, next_attempt_at, row_number() OVER (PARTITION BY account_id
                                   ORDER BY fresh DESC, next_attempt_at, id) AS nth
                        FROM firsts) shares
                    WHERE nth <= :perAccount
                    ORDER BY fresh DESC, next_attempt_at, id
                    LIMIT :limit),
                claimed AS (
                    SELECT d.id FROM webhook_deliveries d JOIN fair USING (id)
                    WHERE d.delivered_at IS NULL AND d.abandoned_at IS NULL AND d.next_attempt_at <= now()
                    FOR UPDATE OF d SKIP LOCKED)
                """ + CLAIM_THEM)
                .setParameter("limit", limit)
                .setParameter("perAccount", perAccount)
                .setParameter("lease", seconds(lease))
                // NOT IN () is no SQL: an id nothing has stands for none.
                .setParameter("busy", busy.isEmpty() ? List.of("") : List.copyOf(busy))
                .setParameter("full", full.isEmpty() ? List.of("") : List.copyOf(full))
                .getResultList();
        return dues(rows);
    }

    /** A duration as {@code make_interval(secs => ...)} takes it. */
    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static List<Due> dues(List<Object[]> rows) {
        return rows.stream().map(row -> new Due(((Number) row[0]).longValue(), (String) row[1], (String) row[2],
                (String) row[3], (String) row[4], (String) row[5], (String) row[6], ((Number) row[7]).intValue()))
                .toList();
    }

    /**
     * Claims the endpoint's next due delivery, if it has one: called when its last call was taken, so that a receiver
     * that keeps up is sent its backlog one call after the other rather than one a round.
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public Optional<Due> claimNextFor(String endpointId, Duration lease) {
        List<Object[]> rows = em.createNativeQuery("""
                WITH claimed AS (
                    SELECT id FROM webhook_deliveries
                    WHERE endpoint_id = :endpoint AND delivered_at IS NULL AND abandoned_at IS NULL
                      AND next_attempt_at <= now()
                    ORDER BY next_attempt_at, id
                    LIMIT 1
                    FOR UPDATE SKIP LOCKED)
                """ + CLAIM_THEM)
                .setParameter("endpoint", endpointId)
                .setParameter("lease", seconds(lease))
                .getResultList();
        return dues(rows).stream().findFirst();
    }

    /** A delivery as its account may see it; times null while they have not happened. */
    public record Seen(String eventId, String eventType, int attempts, Integer lastStatus, String lastError,
            Instant createdAt, Instant nextAttemptAt, Instant deliveredAt, Instant abandonedAt) {
    }

    /** The endpoint's latest deliveries, newest first. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<Seen> latestFor(String endpointId, int limit) {
        List<Object[]> rows = em.createNativeQuery("""
                SELECT event_id, event_type, attempts, last_status, last_error, created_at, next_attempt_at,
                       delivered_at, abandoned_at
                FROM webhook_deliveries WHERE endpoint_id = :endpoint
                ORDER BY created_at DESC, id DESC
                LIMIT :limit""")
                .setParameter("endpoint", endpointId)
                .setParameter("limit", limit)
                .getResultList();
        return rows.stream().map(row -> new Seen((String) row[0], (String) row[1], ((Number) row[2]).intValue(),
                row[3] == null ? null : ((Number) row[3]).intValue(), (String) row[4], instant(row[5]),
                instant(row[6]), instant(row[7]), instant(row[8]))).toList();
    }

    private static Instant instant(Object value) {
        return switch (value) {
            case null -> null;
            case Instant instant -> instant;
            case OffsetDateTime time -> time.toInstant();
            case Timestamp time -> time.toInstant();
            default -> throw new IllegalStateException("not a time: " + value.getClass());
        };
    }

    /** The receiver took the call: whichever attempt it was, even one whose claim had run out, it arrived. */
    @Transactional
    public void delivered(long id, int status) {
        em.createNativeQuery("""
                UPDATE webhook_deliveries SET delivered_at = now(), abandoned_at = NULL, last_status = :status,
                                              last_error = NULL
                WHERE id = :id AND delivered_at IS NULL""")
                .setParameter("status", status)
                .setParameter("id", id)
                .executeUpdate();
    }

    /**
     * Attempt {@code attempt} failed, with the receiver's status (0 when it never answered) and why: due again after
     * {@code retryIn}, or, when that is null, abandoned. Only while it is still the latest attempt and the delivery
     * open: a call whose claim ran out must not undo what a later one recorded.
     */
    @Transactional
    public void failed(long id, int attempt, int status, String error, Duration retryIn) {
        em.createNativeQuery("""
                UPDATE webhook_deliveries
                SET last_status = NULLIF(:status, 0), last_error = :error,
                    next_attempt_at = CASE WHEN :abandon THEN next_attempt_at
                                           ELSE now() + make_interval(secs => :retry) END,
                    abandoned_at = CASE WHEN :abandon THEN now() END
                WHERE id = :id AND attempts = :attempt AND delivered_at IS NULL AND abandoned_at IS NULL""")
                .setParameter("status", status)
                .setParameter("error", error.length() > 300 ? error.substring(0, 300) : error)
                .setParameter("abandon", retryIn == null)
                .setParameter("retry", retryIn == null ? 0.0 : seconds(retryIn))
                .setParameter("id", id)
                .setParameter("attempt", attempt)
                .executeUpdate();
    }

    /**
     * Deletes up to {@code limit} deliveries delivered or abandoned before {@code cutoff} (their payload holds the
     * task's result, which must not outlive the task); answers how many.
     */
    @Transactional
    public int deleteFinishedBefore(Instant cutoff, int limit) {
        return em.createNativeQuery("""
                DELETE FROM webhook_deliveries WHERE id IN (
                    SELECT id FROM webhook_deliveries
                    -- The partial index's condition spelled out, so that the planner uses it.
                    WHERE (delivered_at IS NOT NULL OR abandoned_at IS NOT NULL)
                      AND COALESCE(delivered_at, abandoned_at) < :cutoff
                    LIMIT :limit)""")
                .setParameter("cutoff", cutoff)
                .setParameter("limit", limit)
                .executeUpdate();
    }
}
