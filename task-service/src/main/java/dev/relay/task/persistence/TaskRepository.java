package dev.relay.task.persistence;

import static dev.relay.contracts.TaskStatus.COMPLETED;
import static dev.relay.contracts.TaskStatus.FAILED;
import static dev.relay.contracts.TaskStatus.QUEUED;
import static dev.relay.contracts.TaskStatus.RUNNING;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The tasks table. Every change is one conditional statement, so that replayed or late status events and concurrent
 * retries of a creation need no locking: the state a row is in decides whether a change applies.
 */
@ApplicationScoped
public class TaskRepository implements PanacheRepositoryBase<Task, String> {

    private static final List<String> UNFINISHED = List.of(QUEUED, RUNNING);

    /** Inserts the task unless its id exists already; true when this call created it. */
    @Transactional
    public boolean insertIfAbsent(Task task) {
        // ON CONFLICT rather than find-then-persist: two retries of one creation may arrive at the same moment.
        return getEntityManager().createNativeQuery("""
                INSERT INTO tasks (id, account_id, key_id, tier, mode, kind, model, status, reservation_id,
                                   reserved_micro, request_json, created_at, updated_at)
                VALUES (:id, :account, :key, :tier, :mode, :kind, :model, :status, :reservation,
                        :reserved, :request, :created, :created)
                ON CONFLICT (id) DO NOTHING""")
                .setParameter("id", task.id)
                .setParameter("account", task.accountId)
                .setParameter("key", task.keyId)
                .setParameter("tier", task.tier)
                .setParameter("mode", task.mode)
                .setParameter("kind", task.kind)
                .setParameter("model", task.model)
                .setParameter("status", task.status)
                .setParameter("reservation", task.reservationId)
                .setParameter("reserved", task.reservedMicro)
                .setParameter("request", task.requestJson)
                .setParameter("created", task.createdAt)
                .executeUpdate() == 1;
    }

    /** The task, if it exists and belongs to the account; in a transaction of its own, so any thread may ask. */
    @Transactional
    public Optional<Task> findOwned(String id, String accountId) {
        return find("id = ?1 and accountId = ?2", id, accountId).firstResultOptional();
    }

    /** Deletes up to {@code limit} finished tasks last changed before {@code cutoff}; answers how many. */
    @Transactional
    public int deleteFinishedBefore(Instant cutoff, int limit) {
        // The statuses spelled as in the partial index (V3), so that the planner uses it.
        return getEntityManager().createNativeQuery("""
                DELETE FROM tasks WHERE id IN (
                    SELECT id FROM tasks
                    WHERE status IN ('completed', 'failed') AND updated_at < :cutoff
                    LIMIT :limit)""")
                .setParameter("cutoff", cutoff)
                .setParameter("limit", limit)
                .executeUpdate();
    }

    /** {@code queued} → {@code running}; anything later stays. */
    @Transactional
    public boolean markRunning(String id) {
        return update("status = ?1, updatedAt = ?2 where id = ?3 and status = ?4", RUNNING, Instant.now(), id,
                QUEUED) > 0;
    }

    /** {@code running} → {@code queued}: its executor stopped before finishing it, and another will run it. */
    @Transactional
    public boolean markRequeued(String id) {
        return update("status = ?1, updatedAt = ?2 where id = ?3 and status = ?4", QUEUED, Instant.now(), id,
                RUNNING) > 0;
    }

    /** Unless it already finished, the task completed with this result (JSON). */
    @Transactional
    public boolean markCompleted(String id, String resultJson) {
        return update("status = ?1, resultJson = ?2, updatedAt = ?3 where id = ?4 and status in ?5", COMPLETED,
                resultJson, Instant.now(), id, UNFINISHED) > 0;
    }

    /**
     * Records the task's payment receipt, whatever its status (a payment may be published before the result); true
     * only when it is the task's first (later ones add confirmations), false also for a task not held here.
     */
    @Transactional
    public boolean settled(String id, String settlementJson) {
        if (update("settlementJson = ?1 where id = ?2 and settlementJson is null", settlementJson, id) > 0) {
            return true;
        }
        update("settlementJson = ?1 where id = ?2", settlementJson, id);
        return false;
    }

    /** Unless it already finished (or, with {@code onlyIfQueued}, started), the task failed with this error. */
    @Transactional
    public boolean markFailed(String id, int status, String code, String message, boolean onlyIfQueued) {
        return update("status = ?1, errorStatus = ?2, errorCode = ?3, errorMessage = ?4, updatedAt = ?5 "
                + "where id = ?6 and status in ?7", FAILED, status, code, message, Instant.now(), id,
                onlyIfQueued ? List.of(QUEUED) : UNFINISHED) > 0;
    }
}
