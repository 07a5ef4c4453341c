package dev.relay.gateway.service;

import dev.relay.contracts.internal.TaskSubmission;
import dev.relay.gateway.client.MediaStoreRefusal;
import dev.relay.gateway.client.MediaWorkerClient;
import dev.relay.gateway.client.MediaWorkerFailure;
import dev.relay.gateway.client.TaskClient;
import dev.relay.gateway.config.GatewayConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * A finished video job's content, piped from the worker to task-service as it arrives: a video may be 64 MiB and
 * several may finish at once on a gateway of a few hundred MiB of heap, so none is held, only the two connections'
 * buffers. The worker's answer is paused while task-service's connection is full. A video past what task-service keeps
 * is cut off as soon as the worker declares or sends more, and task-service's upload reset, so it keeps nothing.
 */
@ApplicationScoped
public class VideoStore {

    private static final Logger LOG = Logger.getLogger(VideoStore.class);
    /** How long the worker may be silent, before its answer or within it (also while task-service reads nothing). */
    private static final Duration CONTENT_TIMEOUT = Duration.ofMinutes(2);
    /** Fetch and store, tried again while another try may go through, as often and as long as a whole result is. */
    private static final Duration FIRST_RETRY = Duration.ofMillis(TaskClient.RESULT_RETRY_DELAY_MS);
    private static final Duration LONGEST_RETRY = Duration.ofMillis(TaskClient.RESULT_RETRY_MAX_DELAY_MS);

    private final MediaWorkerClient workers;
    private final TaskClient tasks;
    private final long maxBytes;

    public VideoStore(MediaWorkerClient workers, TaskClient tasks, GatewayConfig config) {
        this.workers = workers;
        this.tasks = tasks;
        this.maxBytes = config.media().maxStoredBytes();
    }

    /**
     * Stores the video at {@code contentUrl} as the task's media {@code name}, of type video/mp4, by {@code deadline};
     * completes with its size. A transfer that breaks off is not resumed: the worker keeps the video until it is
     * deleted, so it is fetched and piped again from the start.
     */
    public Uni<Long> store(TaskSubmission task, String name, String contentUrl, Instant deadline) {
        Duration left = Duration.between(Instant.now(), deadline);
        return Uni.createFrom().deferred(() -> pipe(task, name, contentUrl))
                .onFailure(VideoStore::worthAnotherTry).invoke(failure -> LOG.infof(
                        "task %s: the video's transfer failed (%s)", task.taskId(), failure))
                .onFailure(VideoStore::worthAnotherTry).retry().withBackOff(FIRST_RETRY, LONGEST_RETRY)
                .atMost(TaskClient.RESULT_RETRIES)
                .ifNoItem().after(left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left)
                .failWith(() -> new MediaWorkerFailure(504, "The video was not stored within the task's time", true,
                        true));
    }

    private Uni<Long> pipe(TaskSubmission task, String name, String contentUrl) {
        return workers.open(contentUrl, CONTENT_TIMEOUT, maxBytes, MediaStoreRefusal::tooLarge).chain(video -> {
            if (video.length().orElse(0) > maxBytes) {
                video.discard(); // refused on its word, before task-service is asked
                return Uni.createFrom().failure(MediaStoreRefusal.tooLarge());
            }
            return tasks.storeStreamedMedia(task.accountId(), task.taskId(), name, video.body(), "video/mp4",
                    video.length())
                    // Whatever ended the store, nothing more is read of the worker: a store refused, timed out or
                    // answered 409 (the task finished) leaves its answer paused or half read, and the pipe, its writes
                    // failing once the upload is reset, would resume it and read it to its end for nothing.
                    .onTermination().invoke(video::discard)
                    .map(stored -> video.bytesRead());
        });
    }

    /**
     * A transfer that broke off (task-service or the worker's connection), that task-service failed (5xx) or that its
     * open breaker stopped may well go through later; a refusal, a worker's refusal, an answer too large or a timeout
     * (another would take as long) would not.
     */
    private static boolean worthAnotherTry(Throwable failure) {
        if (failure instanceof MediaWorkerFailure worker) {
            return worker.retryable() && !worker.timedOut();
        }
        return !(failure instanceof MediaStoreRefusal || failure instanceof TimeoutException);
    }
}
