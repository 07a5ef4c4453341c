package dev.relay.gateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.relay.gateway.config.GatewayConfig;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.vertx.UniHelper;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Calls to media workers (their OpenAI-compatible image, audio and video endpoints), on a pool of their own: a media
 * call holds its connection for seconds to minutes and must not take the places of chat's or peers' calls. Every
 * failure is a {@link MediaWorkerFailure} saying whether another worker may be tried. No answer is read without a
 * bound ({@link WorkerAnswer}): a worker's JSON up to {@link #MAX_JSON_BYTES}, what it made up to its caller's bound.
 */
// Vert.x's core client rather than the WebClient: the WebClient reads a body it has stopped taking to its end, while
// an answer past its bound must be cut off unread.
@Startup
@ApplicationScoped
public class MediaWorkerClient {

    /**
     * A worker's JSON that is not media (a video job, a transcription with its segments): a few KiB, 1 MiB at most. An
     * error's body, read for its message, is held to the same.
     */
    static final long MAX_JSON_BYTES = 1024 * 1024;
    private static final Supplier<RuntimeException> JSON_TOO_LARGE =
            () -> MediaWorkerFailure.answerTooLarge("JSON", MAX_JSON_BYTES);
    private static final Duration DELETE_TIMEOUT = Duration.ofSeconds(5);
    /** What a request given up before it was made holds instead: it is reset once made. */
    private static final Object GIVEN_UP = new Object();

    /** A worker's binary answer: its bytes and their type. */
    public record Media(byte[] bytes, String contentType) {
    }

    private final io.vertx.core.Vertx vertx;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Duration answerIdle;

    public MediaWorkerClient(Vertx vertx, ObjectMapper json, GatewayConfig config) {
        this.vertx = vertx.getDelegate();
        this.http = this.vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(2000)
                .setMaxPoolSize(32)
                .setKeepAlive(true));
        this.json = json;
        this.answerIdle = config.media().workerAnswerIdle();
    }

    public Uni<JsonNode> postJson(String url, JsonNode body, Duration timeout) {
        return post(url, body, timeout, MAX_JSON_BYTES, "JSON").map(this::readJson);
    }

    /** A JSON request whose answer, up to {@code maxBytes} of {@code what}, is held in memory as it came. */
    public Uni<HeldBody> post(String url, JsonNode body, Duration timeout, long maxBytes, String what) {
        return held(answered(HttpMethod.POST, url, timeout, "application/json", Buffer.buffer(write(body)), maxBytes,
                () -> MediaWorkerFailure.answerTooLarge(what, maxBytes)));
    }

    /** A multipart form as OpenAI's transcription endpoint takes it: text fields and one file, {@code file}. */
    public Uni<JsonNode> postForm(String url, Map<String, String> fields, byte[] file, String fileType,
            Duration timeout) {
        MultipartBody form = MultipartBody.of(fields, "file", "audio" + extension(fileType), fileType, file);
        return held(answered(HttpMethod.POST, url, timeout, form.contentType(), form.bytes(), MAX_JSON_BYTES,
                JSON_TOO_LARGE)).map(this::readJson);
    }

    public Uni<JsonNode> getJson(String url, Duration timeout) {
        return held(answered(HttpMethod.GET, url, timeout, null, null, MAX_JSON_BYTES, JSON_TOO_LARGE))
                .map(this::readJson);
    }

    /**
     * A GET answered 2xx, its body not read yet: counted as it is read, and failing with {@code tooLarge}'s failure
     * past {@code maxBytes}. {@code timeout} bounds the wait for its head, and any silence within its body up to
     * {@code relay.gateway.media.worker-answer-idle}. Whoever takes it reads it, or {@link WorkerAnswer#discard
     * discards} it.
     */
    public Uni<WorkerAnswer> open(String url, Duration timeout, long maxBytes, Supplier<RuntimeException> tooLarge) {
        return answered(HttpMethod.GET, url, timeout, null, null, maxBytes, tooLarge);
    }

    /**
     * Best effort: a worker that keeps what it made for an hour is asked to let it go now. Its answer is read and
     * dropped, so that its connection goes back to the pool, within {@link #DELETE_TIMEOUT} all told: past it (or
     * past {@link #MAX_JSON_BYTES}) its request is reset, and a worker that answers slowly or never ends holds no
     * connection for long.
     */
    public void delete(String url) {
        held(answered(HttpMethod.DELETE, url, DELETE_TIMEOUT, null, null, MAX_JSON_BYTES, JSON_TOO_LARGE))
                .ifNoItem().after(DELETE_TIMEOUT).fail()
                .subscribe().with(ignored -> {
                }, ignored -> {
                });
    }

    /**
     * A 2xx answer with its body still to read; anything else as a {@link MediaWorkerFailure}, with the worker's own
     * message for a 4xx.
     */
    private Uni<WorkerAnswer> answered(HttpMethod method, String url, Duration timeout, String contentType,
            Buffer body, long maxBytes, Supplier<RuntimeException> tooLarge) {
        // The request, once made, or GIVEN_UP: a call given up (its task's deadline passed, its Uni cancelled) before
        // its head came resets its request rather than leave the worker's connection to the call's timeout.
        AtomicReference<Object> request = new AtomicReference<>();
        // Paused as its head arrives, before anything can come with no reader there to take it.
        Future<HttpClientResponse> head = sent(method, url, timeout, contentType, body, made -> {
            if (!request.compareAndSet(null, made)) {
                made.reset();
            }
        }).map(HttpClientResponse::pause);
        return UniHelper.toUni(head)
                .onCancellation().invoke(() -> {
                    if (request.getAndSet(GIVEN_UP) instanceof HttpClientRequest made) {
                        made.reset(); // no effect once its answer ended
                    }
                })
                .onFailure().transform(failure -> MediaWorkerFailure.unanswered(failure,
                        "The worker could not be reached"))
                .chain(response -> {
                    int status = response.statusCode();
                    Duration idle = timeout.compareTo(answerIdle) < 0 ? timeout : answerIdle;
                    if (status >= 200 && status < 300) {
                        return Uni.createFrom().item(new WorkerAnswer(response, idle, vertx, maxBytes, tooLarge));
                    }
                    return refusal(new WorkerAnswer(response, idle, vertx, Math.min(maxBytes, MAX_JSON_BYTES),
                            () -> new IllegalStateException("an error's body past its bound")));
                });
    }

    private Future<HttpClientResponse> sent(HttpMethod method, String url, Duration timeout, String contentType,
            Buffer body, Consumer<HttpClientRequest> made) {
        // The timeout bounds the wait for a pooled connection and for the answer's head: Vert.x stops it there, and
        // the body is bounded by its WorkerAnswer.
        RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(url)
                .setTimeout(timeout.toMillis());
        if (contentType != null) {
            options.putHeader(HttpHeaders.CONTENT_TYPE, contentType);
        }
        return PeerHttp.request(http, options)
                .compose(request -> {
                    made.accept(request);
                    return body == null ? request.send() : request.send(body);
                });
    }

    private static Uni<HeldBody> held(Uni<WorkerAnswer> answer) {
        return answer.chain(WorkerAnswer::hold);
    }

    /**
     * A worker's non-2xx answer as a failure: a 4xx (but 408 and 429) is its refusal, with the message of its OpenAI
     * envelope when it has one, which no other worker would see otherwise; anything else may go better elsewhere.
     */
    private Uni<WorkerAnswer> refusal(WorkerAnswer answer) {
        int status = answer.status();
        if (status < 400 || status >= 500 || status == 408 || status == 429) {
            answer.discard();
            return Uni.createFrom().failure(new MediaWorkerFailure(502, "The worker answered " + status, true,
                    false));
        }
        return answer.hold().map(this::workerMessage)
                .onFailure().recoverWithItem(unread -> null)
                .map(message -> {
                    throw new MediaWorkerFailure(status, message != null ? "The worker refused the request: "
                            + message : "The worker refused the request (" + status + ")", false, false);
                });
    }

    /** The OpenAI envelope's message, as workers write it; null when there is none. */
    private String workerMessage(HeldBody body) {
        try {
            String message = tree(body).path("error").path("message").asText(null);
            return message == null || message.isBlank() ? null : message;
        } catch (IOException | RuntimeException unreadable) {
            return null; // the status says enough
        }
    }

    private JsonNode readJson(HeldBody body) {
        try {
            return tree(body);
        } catch (IOException | RuntimeException e) {
            throw new MediaWorkerFailure(502, "The worker's answer could not be read", true, false);
        }
    }

    /** An empty body is a missing node, as a body without the expected fields. */
    private JsonNode tree(HeldBody body) throws IOException {
        JsonNode tree = json.readTree(body.stream());
        return tree == null ? MissingNode.getInstance() : tree;
    }

    private byte[] write(JsonNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a worker request", e);
        }
    }

    private static String extension(String type) {
        return switch (type) {
            case "audio/wav" -> ".wav";
            case "audio/mpeg" -> ".mp3";
            case "audio/ogg" -> ".ogg";
            case "audio/flac" -> ".flac";
            case "audio/mp4" -> ".m4a";
            case "audio/webm" -> ".webm";
            default -> "";
        };
    }
}
