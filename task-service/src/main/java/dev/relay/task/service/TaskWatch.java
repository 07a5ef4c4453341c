package dev.relay.task.service;

import dev.relay.contracts.internal.ApiError;
import dev.relay.contracts.internal.StorableText;
import dev.relay.task.config.TaskConfig;
import dev.relay.task.persistence.Task;
import dev.relay.task.persistence.TaskRepository;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a task for its owner and, when asked, waits until it finishes. A waiting poll holds no thread: it is a
 * future that a status applied by this replica completes at once, and a timer that reads the task again every
 * {@code relay.task.long-poll.recheck} (statuses of other partitions are applied by other replicas).
 */
@ApplicationScoped
public class TaskWatch {

    private final TaskRepository repository;
    private final Duration maxWait;
    private final Duration recheck;
    private final Map<String, Set<CompletableFuture<Void>>> waiting = new ConcurrentHashMap<>();

    public TaskWatch(TaskRepository repository, TaskConfig config) {
        this.repository = repository;
        this.maxWait = config.longPoll().maxWait();
        this.recheck = config.longPoll().recheck();
    }

    /**
     * The task now, or once it finished if that happens within {@code wait} (cut to the configured maximum).
     *
     * @throws ApiError 404 when there is no such task for this account (another account's task is not found either)
     */
    public Uni<Task> await(String id, String accountId, Duration wait) {
        // Such an id or owner matches no stored task; PostgreSQL would refuse a NUL in it rather than find nothing.
        if (!TaskSubmissions.isTaskId(id) || !StorableText.storable(accountId)) {
            return Uni.createFrom().failure(notFound());
        }
        long deadline = System.nanoTime() + (wait.compareTo(maxWait) > 0 ? maxWait : wait).toNanos();
        return watch(id, accountId, deadline);
    }

    /** Wakes the polls waiting for this task on this replica. */
    public void changed(String id) {
        Set<CompletableFuture<Void>> woken = waiting.remove(id);
        if (woken != null) {
            woken.forEach(change -> change.complete(null));
        }
    }

    /** Polls of this task now waiting on this replica (a poll is counted from just before its first read). */
    public int waitingPolls(String id) {
        Set<CompletableFuture<Void>> polls = waiting.get(id);
        return polls == null ? 0 : polls.size();
    }

    private Uni<Task> watch(String id, String accountId, long deadline) {
        // Registered before the read, so a change between the read and the wait is not missed.
        CompletableFuture<Void> change = register(id);
        return read(id, accountId).chain(task -> {
            long left = deadline - System.nanoTime();
            if (task.finished() || left <= 0) {
                change.complete(null);
                return Uni.createFrom().item(task);
            }
            return Uni.createFrom().completionStage(change)
                    .ifNoItem().after(Duration.ofNanos(Math.min(left, recheck.toNanos()))).recoverWithItem(() -> null)
                    .onTermination().invoke(() -> change.complete(null))
                    .chain(() -> watch(id, accountId, deadline));
        }).onFailure().invoke(() -> change.complete(null));
    }

    private Uni<Task> read(String id, String accountId) {
        // JDBC blocks: never on the event loop that serves the poll.
        return Uni.createFrom().item(() -> repository.findOwned(id, accountId).orElseThrow(TaskWatch::notFound))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** Another account's task is not found either: its id is never confirmed to anyone else. */
    static ApiError notFound() {
        return ApiError.of(404, "invalid_request_error", "task_not_found",
                "No task with this id exists for this account.");
    }

    private CompletableFuture<Void> register(String id) {
        CompletableFuture<Void> change = new CompletableFuture<>();
        waiting.computeIfAbsent(id, key -> ConcurrentHashMap.newKeySet()).add(change);
        change.whenComplete((ignored, failure) -> waiting.computeIfPresent(id, (key, set) -> {
            set.remove(change);
            return set.isEmpty() ? null : set;
        }));
        return change;
    }
}
