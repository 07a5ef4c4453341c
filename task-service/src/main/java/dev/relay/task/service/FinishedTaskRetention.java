package dev.relay.task.service;

import dev.relay.task.config.TaskConfig;
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
 */
@ApplicationScoped
public class FinishedTaskRetention {

    private static final Logger LOG = Logger.getLogger(FinishedTaskRetention.class);

    private final TaskRepository tasks;
    private final WebhookDeliveryRepository deliveries;
    private final TaskConfig.Retention config;

    public FinishedTaskRetention(TaskRepository tasks, WebhookDeliveryRepository deliveries, TaskConfig config) {
        this.tasks = tasks;
        this.deliveries = deliveries;
        this.config = config.retention();
    }

    /**
     * Deletes, batch by batch, every finished task last changed before {@code now} minus the retention, and every
     * webhook delivery delivered or abandoned before then (its payload is a copy of the task); answers how many tasks.
     */
    public int purge(Instant now) {
        Instant cutoff = now.minus(config.finishedFor());
        inBatches(limit -> deliveries.deleteFinishedBefore(cutoff, limit));
        return inBatches(limit -> tasks.deleteFinishedBefore(cutoff, limit));
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
            int deleted = purge(Instant.now());
            if (deleted > 0) {
                LOG.infof("deleted %d task(s) finished more than %s ago", deleted, config.finishedFor());
            }
        } catch (RuntimeException e) {
            // Logged, not thrown: the database may be back by the next sweep.
            LOG.errorf("finished-task retention failed: %s", e.getMessage());
        }
    }
}
