package dev.relay.task.service;

import dev.relay.task.config.TaskConfig;
import dev.relay.task.persistence.TaskMediaRepository;
import dev.relay.task.persistence.TaskRepository;
import dev.relay.task.persistence.WebhookDeliveryRepository;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.function.IntUnaryOperator;
import org.jboss.logging.Logger;

/**
 * Deletes finished tasks once they are older than {@code relay.task.retention.finished-for}, every
 * {@code relay.task.retention.sweep-interval}, on every replica (deleting is idempotent, so several sweeping at once
 * change nothing but the load). Queued and running tasks are never deleted, however old: they are still owed a run.
 * Their media go with them, and media whose task never came, or whose upload never ended, after
 * {@code orphan-media-for}.
 */
@ApplicationScoped
public class FinishedTaskRetention {

    private static final Logger LOG = Logger.getLogger(FinishedTaskRetention.class);

    private final TaskRepository tasks;
    private final WebhookDeliveryRepository deliveries;
    private final TaskMediaRepository media;
    private final TaskConfig.Retention config;

    public FinishedTaskRetention(TaskRepository tasks, WebhookDeliveryRepository deliveries, TaskMediaRepository media,
            TaskConfig config) {
        this.tasks = tasks;
        this.deliveries = deliveries;
        this.media = media;
        this.config = config.retention();
    }

    /** What one purge deleted. */
    public record Purged(int tasks, int media) {
    }

    /**
     * Deletes, batch by batch, every finished task last changed before {@code now} minus the retention with its media,
     * every webhook delivery delivered or abandoned before then (its payload is a copy of the task), and the media
     * uploaded before {@code now} minus {@code orphan-media-for} whose task does not exist or that were never stored
     * whole (their uploader died while sending them).
     */
    public Purged purge(Instant now) {
        Instant cutoff = now.minus(config.finishedFor());
        inBatches(limit -> deliveries.deleteFinishedBefore(cutoff, limit));
        // Media first: once its task is gone, a medium is found only as an orphan.
        int mediaDeleted = inBatches(limit -> media.deleteOfTasksFinishedBefore(cutoff, limit));
        int tasksDeleted = inBatches(limit -> tasks.deleteFinishedBefore(cutoff, limit));
        Instant orphanCutoff = now.minus(config.orphanMediaFor());
        mediaDeleted += inBatches(limit -> media.deleteOrphansBefore(orphanCutoff, limit));
        return new Purged(tasksDeleted, mediaDeleted);
    }

    private int inBatches(IntUnaryOperator deleteUpTo) {
        int total = 0;
        int deleted;
        do {
            deleted = deleteUpTo.applyAsInt(config.batchSize());
            total += deleted;
        } while (deleted == config.batchSize());
        return total;
    }

    @Scheduled(every = "${relay.task.retention.sweep-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        try {
            Purged purged = purge(Instant.now());
            if (purged.tasks() > 0 || purged.media() > 0) {
                LOG.infof("deleted %d task(s) finished more than %s ago and %d media", purged.tasks(),
                        config.finishedFor(), purged.media());
            }
        } catch (RuntimeException e) {
            // Logged, not thrown: the database may be back by the next sweep.
            LOG.errorf("finished-task retention failed: %s", e.getMessage());
        }
    }
}
