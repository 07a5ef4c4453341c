package dev.relay.task.persistence;

import dev.relay.contracts.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The task_media table. A row may exist before its task (a transcription's input is uploaded first), so it has no
 * foreign key to tasks: it is owned by its own {@code account_id}, and retention removes it with its task or, when the
 * task never came, by age.
 */
@ApplicationScoped
public class TaskMediaRepository {

    /** What became of an upload. */
    public enum Stored {
        /** Inserted, or an earlier upload under the same name replaced. */
        STORED,
        /** The task, or an earlier upload under this name, belongs to another account: nothing changed. */
        OTHER_ACCOUNT,
        /** The task has finished: its result, which names its media, is final. Nothing changed. */
        TASK_FINISHED
    }

    private final EntityManager em;

    public TaskMediaRepository(EntityManager em) {
        this.em = em;
    }

    /**
     * Stores the medium unless its task is another account's or has finished. The task's row is share-locked until
     * the upload is written, so a terminal status applied meanwhile waits for it: no upload lands under a final result.
     */
    @Transactional
    public Stored store(TaskMedia media, Instant now) {
        List<?> task = em.createNativeQuery("SELECT account_id, status FROM tasks WHERE id = :id FOR SHARE")
                .setParameter("id", media.taskId())
                .getResultList();
        if (!task.isEmpty()) {
            Object[] row = (Object[]) task.get(0);
            if (!media.accountId().equals(row[0])) {
                return Stored.OTHER_ACCOUNT;
            }
            if (TaskStatus.COMPLETED.equals(row[1]) || TaskStatus.FAILED.equals(row[1])) {
                return Stored.TASK_FINISHED;
            }
        }
        // The newest upload wins (an executor running the task again replaces its own), but only its account's.
        int written = em.createNativeQuery("""
                INSERT INTO task_media (task_id, name, account_id, content_type, bytes, size_bytes, created_at)
                VALUES (:task, :name, :account, :type, :bytes, :size, :now)
                ON CONFLICT (task_id, name) DO UPDATE
                    SET content_type = EXCLUDED.content_type, bytes = EXCLUDED.bytes,
                        size_bytes = EXCLUDED.size_bytes, created_at = EXCLUDED.created_at
                    WHERE task_media.account_id = EXCLUDED.account_id""")
                .setParameter("task", media.taskId())
                .setParameter("name", media.name())
                .setParameter("account", media.accountId())
                .setParameter("type", media.contentType())
                .setParameter("bytes", media.bytes())
                .setParameter("size", (long) media.bytes().length)
                .setParameter("now", now)
                .executeUpdate();
        return written == 1 ? Stored.STORED : Stored.OTHER_ACCOUNT;
    }

    /** The medium, if it was uploaded by this account. */
    @Transactional
    public Optional<TaskMedia> findOwned(String taskId, String name, String accountId) {
        List<?> rows = em.createNativeQuery("""
                SELECT content_type, bytes FROM task_media
                WHERE task_id = :task AND name = :name AND account_id = :account""")
                .setParameter("task", taskId)
                .setParameter("name", name)
                .setParameter("account", accountId)
                .getResultList();
        return rows.stream().findFirst().map(row -> {
            Object[] columns = (Object[]) row;
            return new TaskMedia(taskId, name, accountId, (String) columns[0], (byte[]) columns[1]);
        });
    }

    /** Deletes up to {@code limit} media of tasks that finished before {@code cutoff}; answers how many. */
    @Transactional
    public int deleteOfTasksFinishedBefore(Instant cutoff, int limit) {
        // The tasks' condition spelled as in their partial index (V3), so that the planner uses it.
        return deleteUpTo("""
                SELECT m.task_id, m.name FROM tasks t JOIN task_media m ON m.task_id = t.id
                WHERE t.status IN ('completed', 'failed') AND t.updated_at < :cutoff""", cutoff, limit);
    }

    /** Deletes up to {@code limit} media uploaded before {@code cutoff} whose task does not exist; answers how many. */
    @Transactional
    public int deleteWithoutTaskBefore(Instant cutoff, int limit) {
        return deleteUpTo("""
                SELECT m.task_id, m.name FROM task_media m
                WHERE m.created_at < :cutoff AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.id = m.task_id)""",
                cutoff, limit);
    }

    /** Deletes up to {@code limit} of the media whose keys {@code selectKeys} answers for {@code :cutoff}. */
    private int deleteUpTo(String selectKeys, Instant cutoff, int limit) {
        return em.createNativeQuery("DELETE FROM task_media WHERE (task_id, name) IN (" + selectKeys + " LIMIT :limit)")
                .setParameter("cutoff", cutoff)
                .setParameter("limit", limit)
                .executeUpdate();
    }
}
