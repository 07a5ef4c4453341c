package dev.relay.task.support;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.List;

/** The media tables read directly, for what the API does not show: versions, chunks, uploads not yet stored. */
@ApplicationScoped
public class MediaStorage {

    private final EntityManager em;

    public MediaStorage(EntityManager em) {
        this.em = em;
    }

    /** The lengths of the chunks of the medium stored under the task and name, in order. */
    public List<Integer> chunkLengths(String taskId, String name) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                        SELECT octet_length(c.data) FROM task_media m JOIN task_media_chunk c ON c.version = m.version
                        WHERE m.task_id = :task AND m.name = :name AND m.stored ORDER BY c.seq""", Integer.class)
                .setParameter("task", taskId).setParameter("name", name).getResultList());
    }

    /** The versions of the task's media: those stored and uploads not yet stored. */
    public List<Long> versions(String taskId) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "SELECT version FROM task_media WHERE task_id = :task ORDER BY version", Long.class)
                .setParameter("task", taskId).getResultList());
    }

    /** The chunks left of these versions, whether or not their rows still exist. */
    public long chunks(List<Long> versions) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                        "SELECT count(*) FROM task_media_chunk WHERE version IN (:versions)")
                .setParameter("versions", versions).getSingleResult()).longValue());
    }
}
