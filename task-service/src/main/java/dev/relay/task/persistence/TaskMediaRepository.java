package dev.relay.task.persistence;

import dev.relay.contracts.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The task_media table: one row per version of a medium, the stored one (at most one per task and name) and uploads
 * whose chunks are still being written. A row may exist before its task (a transcription's input is uploaded first), so
 * it has no foreign key to tasks: it is owned by its own {@code account_id}, and retention removes it with its task or,
 * when the task never came, by age. Its chunks go with it (ON DELETE CASCADE).
 */
@ApplicationScoped
public class TaskMediaRepository {

    /** Why an account may not store media under a task and name. */
    public enum Refusal {
        /** The task, or the upload stored under this name, belongs to another account. */
        OTHER_ACCOUNT,
        /** The task has finished: its result, which names its media, is final. */
        TASK_FINISHED
    }

    private final EntityManager em;

    public TaskMediaRepository(EntityManager em) {
        this.em = em;
    }

    /** Why the account may not store media under the task and name now, if it may not; nothing is locked. */
    @Transactional
    public Optional<Refusal> refusal(String taskId, String name, String accountId) {
        return refusal(taskId, name, accountId, "");
    }

    /** Starts an upload: a version of the medium that no reader sees until {@link #store} stores it. */
    @Transactional
    public long begin(String taskId, String name, String accountId, String contentType, Instant now) {
        return ((Number) em.createNativeQuery("""
                INSERT INTO task_media (task_id, name, account_id, content_type, size_bytes, created_at, stored)
                VALUES (:task, :name, :account, :type, 0, :now, false)
                RETURNING version""")
                .setParameter("task", taskId)
                .setParameter("name", name)
                .setParameter("account", accountId)
                .setParameter("type", contentType)
                .setParameter("now", now)
                .getSingleResult()).longValue();
    }

    /**
     * Stores the upload, whose chunks are written, in place of the version stored before it (deleted with its chunks),
     * unless its task is another account's or has finished, or another account stored the name meanwhile. The task's
     * row is share-locked until then, so a terminal status applied meanwhile waits for it: no upload lands under a
     * final result.
     */
    @Transactional
    public Optional<Refusal> store(long version, String taskId, String name, String accountId, long size,
            Instant now) {
        // One upload under a task and name is stored at a time, so that each replaces the one stored before it (two
        // could otherwise both find none stored, and the second then break the unique index).
        em.createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .setParameter("key", taskId + "/" + name)
                .getSingleResult();
        Optional<Refusal> refusal = refusal(taskId, name, accountId, " FOR SHARE");
        if (refusal.isPresent()) {
            return refusal;
        }
        // The newest upload wins (an executor running the task again replaces its own).
        em.createNativeQuery("DELETE FROM task_media WHERE task_id = :task AND name = :name AND stored")
                .setParameter("task", taskId)
                .setParameter("name", name)
                .executeUpdate();
        int stored = em.createNativeQuery("""
                UPDATE task_media SET stored = true, size_bytes = :size, created_at = :now
                WHERE version = :version AND NOT stored""")
                .setParameter("size", size)
                .setParameter("now", now)
                .setParameter("version", version)
                .executeUpdate();
        if (stored != 1) {
            // Deleted by retention while it was written: rolled back, so the stored version stays.
            throw new IllegalStateException("media upload " + version + " was deleted before it could be stored");
        }
        return Optional.empty();
    }

    /** Deletes an upload that will not be stored, with the chunks written for it. */
    @Transactional
    public void discard(long version) {
        em.createNativeQuery("DELETE FROM task_media WHERE version = :version AND NOT stored")
                .setParameter("version", version)
                .executeUpdate();
    }

    /** The stored medium, if it was uploaded by this account. */
    @Transactional
    public Optional<TaskMedia> findOwned(String taskId, String name, String accountId) {
        List<?> rows = em.createNativeQuery("""
                SELECT version, content_type, size_bytes FROM task_media
                WHERE task_id = :task AND name = :name AND account_id = :account AND stored""")
                .setParameter("task", taskId)
                .setParameter("name", name)
                .setParameter("account", accountId)
                .getResultList();
        return rows.stream().findFirst().map(row -> {
            Object[] columns = (Object[]) row;
            return new TaskMedia(((Number) columns[0]).longValue(), (String) columns[1],
                    ((Number) columns[2]).longValue());
        });
    }

    /** Deletes up to {@code limit} media of tasks that finished before {@code cutoff}; answers how many. */
    @Transactional
    public int deleteOfTasksFinishedBefore(Instant cutoff, int limit) {
        // The tasks' condition spelled as in their partial index (V3), so that the planner uses it.
        return deleteUpTo("""
                SELECT m.version FROM tasks t JOIN task_media m ON m.task_id = t.id
                WHERE t.status IN ('completed', 'failed') AND t.updated_at < :cutoff""", cutoff, limit);
    }

    /**
     * Deletes up to {@code limit} media begun before {@code cutoff} that no task will show: those whose task does not
     * exist, and uploads never stored (their uploader died while writing them). Answers how many.
     */
    @Transactional
    public int deleteOrphansBefore(Instant cutoff, int limit) {
        return deleteUpTo("""
                SELECT m.version FROM task_media m
                WHERE m.created_at < :cutoff
                    AND (NOT m.stored OR NOT EXISTS (SELECT 1 FROM tasks t WHERE t.id = m.task_id))""",
                cutoff, limit);
    }

    /** Deletes up to {@code limit} of the versions that {@code selectVersions} answers for {@code :cutoff}. */
    private int deleteUpTo(String selectVersions, Instant cutoff, int limit) {
        return em.createNativeQuery("DELETE FROM task_media WHERE version IN (" + selectVersions + " LIMIT :limit)")
                .setParameter("cutoff", cutoff)
                .setParameter("limit", limit)
                .executeUpdate();
    }

    /** The refusal, if any; {@code taskLock} is appended to the read of the task's row. */
    private Optional<Refusal> refusal(String taskId, String name, String accountId, String taskLock) {
        List<?> task = em.createNativeQuery("SELECT account_id, status FROM tasks WHERE id = :id" + taskLock)
                .setParameter("id", taskId)
                .getResultList();
        if (!task.isEmpty()) {
            Object[] row = (Object[]) task.get(0);
            if (!accountId.equals(row[0])) {
                return Optional.of(Refusal.OTHER_ACCOUNT);
            }
            if (TaskStatus.COMPLETED.equals(row[1]) || TaskStatus.FAILED.equals(row[1])) {
                return Optional.of(Refusal.TASK_FINISHED);
            }
        }
        // An input uploaded before its task is its account's alone.
        List<?> owner = em.createNativeQuery(
                        "SELECT account_id FROM task_media WHERE task_id = :task AND name = :name AND stored")
                .setParameter("task", taskId)
                .setParameter("name", name)
                .getResultList();
        return owner.isEmpty() || accountId.equals(owner.get(0)) ? Optional.empty()
                : Optional.of(Refusal.OTHER_ACCOUNT);
    }
}
