package dev.relay.task.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.Optional;

/**
 * The task_media_chunk table: a medium's bytes, in order, one row a chunk. Each chunk is written and read in a
 * transaction of its own, so that no connection is held while a client sends or takes its bytes.
 */
@ApplicationScoped
public class TaskMediaChunkRepository {

    private final EntityManager em;

    public TaskMediaChunkRepository(EntityManager em) {
        this.em = em;
    }

    /** Appends chunk {@code seq} to an upload that is not yet stored. */
    @Transactional
    public void write(long version, int seq, byte[] data) {
        em.createNativeQuery("INSERT INTO task_media_chunk (version, seq, data) VALUES (:version, :seq, :data)")
                .setParameter("version", version)
                .setParameter("seq", seq)
                .setParameter("data", data)
                .executeUpdate();
    }

    /** Chunk {@code seq} of the version; empty past its last chunk, or once the version was replaced or deleted. */
    @Transactional
    public Optional<byte[]> read(long version, int seq) {
        return em.createNativeQuery("SELECT data FROM task_media_chunk WHERE version = :version AND seq = :seq")
                .setParameter("version", version)
                .setParameter("seq", seq)
                .getResultList().stream().findFirst().map(byte[].class::cast);
    }
}
