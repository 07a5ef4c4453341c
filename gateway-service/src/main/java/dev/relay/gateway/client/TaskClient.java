package dev.relay.gateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.contracts.internal.TaskSubmission;
import dev.relay.gateway.config.GatewayConfig;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.vertx.UniHelper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.streams.ReadStream;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalLong;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * task-service's internal API: creating a task (503 is an answer, not a breaker trip), polling one (passed through),
 * reading its stored status, a task's media (stored whole or as they arrive, read whole, or opened to be relayed as
 * they arrive), and the account's webhook endpoints (passed through). The fault tolerance annotations guard the calls
 * answered whole, and the breaker a store of media as they arrive.
 */
@ApplicationScoped
public class TaskClient {

    /** task-service's answer to media streamed to it, once it has them all: as long as a whole store may take. */
    private static final Duration MEDIA_ANSWER = Duration.ofSeconds(60);
    private static final long MEDIA_RETRY_MS = 100;
    /**
     * How a result is tried again ({@link #storeResult}, and a video's store): after 0.2 s, then twice as long each
     * time up to 5 s, six times: 11 s in all, past a restart of task-service and its circuit breaker's 5 s.
     */
    public static final int RESULT_RETRIES = 6;
    public static final long RESULT_RETRY_DELAY_MS = 200;
    public static final long RESULT_RETRY_MAX_DELAY_MS = 5_000;

    private final PeerHttp http;
    private final Vertx vertx;
    private final String base;
    /** How long media opened to be relayed may go without a byte, before their head or within their body. */
    private final Duration mediaIdle;

    public TaskClient(PeerHttp http, Vertx vertx, GatewayConfig config) {
        this.http = http;
        this.vertx = vertx;
        this.base = config.taskUrl();
        this.mediaIdle = config.media().downloadIdle();
    }

    /**
     * True once task-service stored the task and the broker acknowledged it (201), false when it could not queue it
     * (503). Retrying is safe, the task id makes the call idempotent; not after a timeout, which task-service's own
     * publish timeout (5 s) already explains.
     */
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 100, abortOn = TimeoutException.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    public Uni<Boolean> create(TaskSubmission submission) {
        return http.send(HttpMethod.POST, base + "/internal/tasks", submission).map(response -> switch (response.statusCode()) {
            case 201 -> true;
            case 503 -> false;
            default -> throw new PeerException("task-service answered " + response.statusCode() + " to a new task");
        });
    }

    /** The task as its owner may see it; {@code wait} (seconds of long poll) is passed on as given. */
    // task-service answers within its long-poll cap (30 s): the timeout leaves room for that.
    @Timeout(value = 35, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 50, abortOn = TimeoutException.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    public Uni<PeerResponse> poll(String accountId, String taskId, String wait) {
        String waiting = wait == null ? "" : "&wait=" + PeerHttp.encode(wait);
        return http.forward(HttpMethod.GET, taskUrl(accountId, taskId) + waiting, null);
    }

    /** The status task-service has stored for the task ({@code queued}, {@code completed}...); empty if it has none. */
    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 100, abortOn = TimeoutException.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    public Uni<Optional<String>> storedStatus(String accountId, String taskId) {
        return http.send(HttpMethod.GET, taskUrl(accountId, taskId), null).map(response -> switch (response.statusCode()) {
            case 200 -> Optional.of(http.read(response, JsonNode.class).path("status").asText());
            case 404 -> Optional.<String>empty();
            default -> throw new PeerException("task-service answered " + response.statusCode() + " to a task lookup");
        });
    }

    /**
     * The account's webhook endpoints are passed through: task-service's status and body are the answer. Not retried:
     * a registration that timed out may have been stored, and a second would be a second endpoint.
     */
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    public Uni<PeerResponse> forwardWebhooks(HttpMethod method, String accountId, String endpointId, String body) {
        return http.forward(method, webhooksUrl(accountId, endpointId, ""), body);
    }

    /** Asks task-service to send the endpoint a test event; passed through. Not retried: that would send two. */
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    public Uni<PeerResponse> testWebhook(String accountId, String endpointId) {
        return http.forward(HttpMethod.POST, webhooksUrl(accountId, endpointId, "/test"), null);
    }

    /** An endpoint's latest deliveries, passed through; {@code limit} as given. */
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 50, abortOn = TimeoutException.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    public Uni<PeerResponse> webhookDeliveries(String accountId, String endpointId, String limit) {
        String limited = limit == null ? "" : "&limit=" + PeerHttp.encode(limit);
        return http.forward(HttpMethod.GET, webhooksUrl(accountId, endpointId, "/deliveries") + limited, null);
    }

    /**
     * Stores media a client sent for its task (a transcription's audio) before the task is queued, while the client
     * waits: tried three times in all, then answered 503. Retrying is safe: the same name is replaced. False when the
     * task already finished (409).
     */
    @Timeout(value = 60, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, abortOn = {TimeoutException.class, MediaStoreRefusal.class})
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            skipOn = MediaStoreRefusal.class)
    public Uni<Boolean> storeMedia(String accountId, String taskId, String name, byte[] bytes, String contentType) {
        return storeWhole(accountId, taskId, name, bytes, contentType);
    }

    /**
     * Stores what a task made before it is reported completed, as {@link #storeMedia} but tried for longer: the work
     * is done, in GPU time, and would be lost (the task failed, uncharged) if task-service could not take it then, so
     * a task-service restarting is waited for: tried {@value #RESULT_RETRIES} times more over some 11 s, well within a
     * task's deadline. False when the task already finished (409): its result, naming its media, is final.
     */
    @Timeout(value = 60, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = RESULT_RETRIES, delay = RESULT_RETRY_DELAY_MS,
            abortOn = {TimeoutException.class, MediaStoreRefusal.class})
    @ExponentialBackoff(maxDelay = RESULT_RETRY_MAX_DELAY_MS)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            skipOn = MediaStoreRefusal.class)
    public Uni<Boolean> storeResult(String accountId, String taskId, String name, byte[] bytes, String contentType) {
        return storeWhole(accountId, taskId, name, bytes, contentType);
    }

    private Uni<Boolean> storeWhole(String accountId, String taskId, String name, byte[] bytes, String contentType) {
        return http.sendBytes(HttpMethod.PUT, mediaUrl(accountId, taskId, name), bytes, contentType)
                .map(response -> stored(response.statusCode()));
    }

    /**
     * Stores media with task-service as they arrive from elsewhere (a worker's video, up to 64 MiB, never held whole),
     * with {@code length} as their Content-Length when known: as {@link #storeMedia}, but sent as fast as task-service
     * takes them. A body that breaks off, or is cut off past its bound, fails the store with its own failure, and
     * task-service's upload is reset, never ended, so it keeps no part of it. An answer arriving before the body was
     * sent whole (409 or a refusal) stops the rest.
     */
    // No @Retry: a body already read cannot be sent again (the caller fetches it again instead). No @Timeout: the
    // transfer runs at its source's pace, bounded by the source's own timeout for silence (which also runs out while
    // task-service reads nothing, as the source is paused meanwhile), MEDIA_ANSWER for task-service's answer after the
    // body, and the caller's deadline. The breaker counts task-service's failures alone: a refusal is an answer, and a
    // source that fails (a worker) is not task-service's doing.
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            skipOn = {MediaStoreRefusal.class, MediaWorkerFailure.class})
    public Uni<Boolean> storeStreamedMedia(String accountId, String taskId, String name, ReadStream<Buffer> body,
            String contentType, OptionalLong length) {
        return Uni.createFrom().deferred(() -> UniHelper.toUni(http.upload(HttpMethod.PUT,
                mediaUrl(accountId, taskId, name), contentType, length, body, MEDIA_ANSWER))).map(response -> {
                    if (response.statusCode() != 204) {
                        PeerHttp.quiet(response);
                        response.request().reset(); // an answer before the body's end (409, 413): none of the rest
                    }
                    return stored(response.statusCode());
                });
    }

    /** True once stored (204), false when the task already finished (409); any other answer a failure. */
    private static boolean stored(int status) {
        if (status == 204 || status == 409) {
            return status == 204;
        }
        if (status == 413) {
            throw MediaStoreRefusal.tooLarge();
        }
        if (status >= 400 && status < 500) {
            throw new MediaStoreRefusal(status, "task-service refused the media (" + status + ")");
        }
        throw new PeerException("task-service answered " + status + " to stored media");
    }

    /**
     * Media stored for a task, for its owner, read whole into memory: its bytes and type; empty when there is none (or
     * not the account's). Only for media the gateway itself reads, a transcription's audio (at most 10 MiB); what a
     * client downloads is relayed as it arrives ({@link #openMedia}). Fails with a {@link PeerBusy}, neither tried again
     * here nor counted by the breaker, when task-service is too busy sending media to send these (503 with
     * {@code Retry-After}): the caller waits as it says, as long as the caller may.
     */
    @Timeout(value = 60, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 100, abortOn = {TimeoutException.class, PeerBusy.class})
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            skipOn = PeerBusy.class)
    public Uni<Optional<MediaWorkerClient.Media>> readWholeMedia(String accountId, String taskId, String name) {
        return http.send(HttpMethod.GET, mediaUrl(accountId, taskId, name), null).map(response -> {
            if (response.statusCode() == 404) {
                return Optional.<MediaWorkerClient.Media>empty();
            }
            PeerBusy busy = response.statusCode() == 503
                    ? PeerBusy.of("task-service", response.getHeader("Retry-After")) : null;
            if (busy != null) {
                throw busy;
            }
            if (response.statusCode() != 200) {
                throw new PeerException("task-service answered " + response.statusCode() + " to a media read");
            }
            String type = response.getHeader("Content-Type");
            return Optional.of(new MediaWorkerClient.Media(response.body() == null ? new byte[0]
                    : response.body().getBytes(), type == null ? "application/octet-stream" : type));
        });
    }

    /**
     * Opens media stored for a task, for its owner, with GET or HEAD: task-service's answer as soon as its head
     * arrived, its body (a video may be 64 MiB) still to be read, at once, by the caller; empty when there is none (or
     * not the account's). Tried once more (after {@value #MEDIA_RETRY_MS} ms) when task-service could not be reached or
     * failed before its head, but not after a timeout: once its body flows, a failure can only cut the answer short.
     * Fails with a {@link java.util.concurrent.TimeoutException} when task-service sends no head for
     * {@code relay.gateway.media.download-idle}; the body fails with one, and its request is reset, when no byte of it
     * reaches its reader for as long, also while it is held back for a client that reads nothing ({@link IdleBody}).
     */
    public Future<Optional<IdleBody>> openMedia(HttpMethod method, String accountId, String taskId,
            String name) {
        String url = mediaUrl(accountId, taskId, name);
        return openedMedia(method, url).recover(failure -> failure instanceof java.util.concurrent.TimeoutException
                ? Future.failedFuture(failure)
                : vertx.timer(MEDIA_RETRY_MS).compose(retry -> openedMedia(method, url)));
    }

    private Future<Optional<IdleBody>> openedMedia(HttpMethod method, String url) {
        // Any other answer's body (task-service's small error JSON) is let go unread: with no handler, Vert.x drops it.
        return http.open(method, url, mediaIdle).map(response -> switch (response.statusCode()) {
            case 200 -> Optional.of(new IdleBody(response, mediaIdle, vertx));
            case 404 -> Optional.<IdleBody>empty();
            default -> throw new PeerException("task-service answered " + response.statusCode() + " to a media read");
        });
    }

    private String mediaUrl(String accountId, String taskId, String name) {
        return base + "/internal/tasks/" + PeerHttp.encode(taskId) + "/media/" + PeerHttp.encode(name)
                + "?account_id=" + PeerHttp.encode(accountId);
    }

    /** {@code /internal/webhooks[/{endpointId}{suffix}]?account_id=...}. */
    private String webhooksUrl(String accountId, String endpointId, String suffix) {
        return base + "/internal/webhooks" + (endpointId == null ? "" : "/" + PeerHttp.encode(endpointId) + suffix)
                + "?account_id=" + PeerHttp.encode(accountId);
    }

    private String taskUrl(String accountId, String taskId) {
        return base + "/internal/tasks/" + PeerHttp.encode(taskId) + "?account_id=" + PeerHttp.encode(accountId);
    }
}
