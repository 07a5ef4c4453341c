package dev.relay.gateway.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.contracts.internal.RouteCandidate;
import dev.relay.gateway.client.WorkerLoadReporter;
import dev.relay.gateway.service.ApiFailure;
import dev.relay.gateway.service.PromptShape;
import dev.relay.gateway.service.RequestTiming;
import dev.relay.gateway.service.UsageMeter;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Runs one chat request against the router's candidates in order. A candidate that cannot be reached, answers
 * 5xx, or breaks before the client got a byte is skipped for the next one; once the client got something, a broken
 * worker ends the stream with an explicit error event. Every way out meters the request exactly once.
 * All callbacks run on the request's event loop.
 */
public final class WorkerExchange {

    private static final Logger LOG = Logger.getLogger(WorkerExchange.class);
    private static final long PROMPT_SLACK = 1_024;

    private final HttpClient client;
    private final WorkerProtocols protocols;
    private final WorkerLoadReporter load;
    private final ChatCall call;
    private final List<RouteCandidate> candidates;
    private final ChatSink sink;
    private final UsageMeter meter;
    private final RequestTiming timing;
    private final long timeoutMs;

    private boolean over;
    /** The client of a non-streamed request left while its worker was at it: the worker is let finish. */
    private boolean clientLeft;
    private HttpClientRequest upstream;
    private RouteCandidate current;
    /** Why the last worker skipped declined the call as asked. */
    private ApiFailure declined;
    /** A worker asked answered 429: it is busy, which is no fault of the client's and no failure of its own. */
    private boolean busy;
    /** A worker asked failed (unreachable, 5xx, broken): when none is left, that is a 502, not "busy". */
    private boolean failed;
    private boolean overCounted;
    /** The current worker reports its usage so far on every chunk (see {@link WorkerProtocol#usagePerChunk}). */
    private boolean usagePerChunk;
    private long sentAtNanos;
    private long firstByteNanos = -1;
    private long promptTokens = -1;
    private long completionTokens = -1;
    private long countedTokens;

    public WorkerExchange(HttpClient client, WorkerProtocols protocols, WorkerLoadReporter load, ChatCall call,
            List<RouteCandidate> candidates, ChatSink sink, UsageMeter meter, RequestTiming timing, long timeoutMs) {
        this.client = client;
        this.protocols = protocols;
        this.load = load;
        this.call = call;
        this.candidates = candidates;
        this.sink = sink;
        this.meter = meter;
        this.timing = timing;
        this.timeoutMs = timeoutMs;
    }

    public void start() {
        sink.onClientGone(this::clientGone);
        attempt(0);
    }

    private void attempt(int index) {
        if (over) {
            return;
        }
        if (index >= candidates.size()) {
            // Every worker declined the call as asked (n with Ollama's only): the client's to change, not a failure.
            failBeforeStart(declined != null && current == null ? declined
                    : busy && !failed ? ApiFailure.unavailable("Every worker serving this model is busy, retry shortly")
                    : ApiFailure.noWorkerServed());
            return;
        }
        RouteCandidate candidate = candidates.get(index);
        WorkerProtocols.Fit fit = protocols.fit(candidate, call);
        if (!fit.serves()) {
            LOG.debugf("skipping worker %s: protocol %s %s", candidate.workerId(), candidate.protocol(),
                    fit.protocol() == null ? "is not spoken on the chat path" : "cannot serve the call as asked");
            declined = fit.declined() != null ? fit.declined() : declined;
            if (index == 0) {
                releaseFirstCandidate();
            }
            attempt(index + 1);
            return;
        }
        WorkerProtocol protocol = fit.protocol();
        usagePerChunk = protocol.usagePerChunk();
        current = candidate;
        upstream = null;
        firstByteNanos = -1;
        // Nothing of an earlier attempt reached the client: neither its counts nor what the sink gathered count.
        promptTokens = -1;
        completionTokens = -1;
        countedTokens = 0;
        sink.attemptStarted();
        sentAtNanos = System.nanoTime();
        timing.workerStarted();
        if (index > 0) {
            load.started(candidate.workerId()); // only the first candidate was counted when routed
        }
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(protocol.url(candidate))
                .setIdleTimeout(timeoutMs).putHeader("Content-Type", "application/json");
        Future<HttpClientRequest> requested;
        try {
            requested = client.request(options);
        } catch (IllegalStateException closed) {
            // The client is closed: this gateway is going away. Not the worker's failure, nor another worker's turn.
            releaseWorker();
            failBeforeStart(ApiFailure.unavailable("This gateway is shutting down; retry"));
            return;
        }
        requested
                .compose(request -> {
                    upstream = request;
                    return request.send(protocol.requestBody(call, candidate));
                })
                .onComplete(result -> {
                    if (over) {
                        // The client left while this request was being sent: free the worker and the connection.
                        if (result.succeeded()) {
                            result.result().request().reset();
                        }
                        return;
                    }
                    if (result.failed()) {
                        workerFailed(index, result.cause());
                    } else {
                        answered(index, protocol, result.result());
                    }
                });
    }

    private void answered(int index, WorkerProtocol protocol, HttpClientResponse response) {
        int status = response.statusCode();
        if (status == 429) {
            // The worker's own limit, not the client's: the next worker is tried, and this one's health is untouched.
            response.body();
            timing.workerStopped();
            releaseWorker();
            busy = true;
            if (clientLeft) {
                end("client_disconnected", false);
            } else {
                attempt(index + 1);
            }
        } else if (status >= 500) {
            response.body();
            workerFailed(index, new WorkerAnswerException("worker answered " + status, null));
        } else if (status >= 400) {
            response.body().onComplete(body -> {
                if (over) {
                    return;
                }
                // Released, not failed: the worker judged the request, it did not fail it. Counted as failures,
                // a few bad requests from any one client ejected a model's workers for everyone.
                releaseWorker();
                end("failed", false);
                sink.workerRefused(status, body.succeeded() ? body.result() : Buffer.buffer());
            });
        } else if (call.stream()) {
            stream(index, protocol, response);
        } else {
            whole(index, protocol, response);
        }
    }

    private void whole(int index, WorkerProtocol protocol, HttpClientResponse response) {
        response.body().onComplete(body -> {
            if (over) {
                return;
            }
            if (body.failed()) {
                workerFailed(index, body.cause());
                return;
            }
            ObjectNode completion;
            try {
                completion = protocol.completion(body.result());
            } catch (WorkerAnswerException e) {
                workerFailed(index, e);
                return;
            }
            firstByteNanos = System.nanoTime();
            recordUsage(completion.path("usage"));
            if (completionTokens < 0) { // no usage from the worker: count what it wrote
                for (JsonNode choice : completion.path("choices")) {
                    JsonNode message = choice.path("message");
                    countedTokens += PromptShape.countTokens(message.path("content").asText(""))
                            + PromptShape.countTokens(message.path("reasoning_content").asText(""));
                    for (JsonNode call : message.path("tool_calls")) {
                        countedTokens += argumentTokens(call);
                    }
                }
            }
            completed(() -> sink.completion(completion));
        });
    }

    private void stream(int index, WorkerProtocol protocol, HttpClientResponse response) {
        StreamDecoder decoder = protocol.streamDecoder();
        response.handler(bytes -> {
            if (stale(response)) {
                return;
            }
            if (firstByteNanos < 0) {
                firstByteNanos = System.nanoTime();
            }
            List<ObjectNode> chunks = new ArrayList<>();
            WorkerAnswerException brokenLine = null;
            try {
                decoder.feed(bytes, chunks);
            } catch (WorkerAnswerException e) {
                brokenLine = e;
            }
            if (!chunks.isEmpty()) {
                sink.inOneWrite(() -> chunks.forEach(this::relayChunk));
            }
            if (brokenLine != null) {
                broken(index, brokenLine);
                response.request().reset();
                return;
            }
            if (sink.congested()) {
                response.pause();
                sink.onDrain(response::resume);
            }
        });
        response.exceptionHandler(error -> {
            if (!stale(response)) {
                broken(index, error);
            }
        });
        response.endHandler(ignored -> {
            if (stale(response)) {
                return;
            }
            if (!decoder.finished()) {
                broken(index, new WorkerAnswerException("worker closed the stream early", null));
                return;
            }
            completed(sink::done);
        });
    }

    /** Events of a request we already gave up on (failover, client gone) must not act on the exchange. */
    private boolean stale(HttpClientResponse response) {
        return over || response.request() != upstream;
    }

    private void relayChunk(ObjectNode chunk) {
        JsonNode usage = chunk.get("usage");
        boolean usageOnly = usage != null && !usage.isNull() && chunk.path("choices").isEmpty();
        if (usage != null && !usage.isNull()) {
            recordUsage(usage);
            sink.workerUsage(usage);
        }
        for (JsonNode choice : chunk.path("choices")) {
            // One delta of text, reasoning or a tool call's arguments is one token on every worker we know; the
            // fallback when usage never comes (a stream cut short).
            JsonNode delta = choice.path("delta");
            if (!delta.path("content").asText("").isEmpty() || !delta.path("reasoning_content").asText("").isEmpty()) {
                countedTokens++;
            }
            for (JsonNode call : delta.path("tool_calls")) { // a fragment from vLLM, a whole call from Ollama
                countedTokens += argumentTokens(call);
            }
        }
        if (usageOnly && !call.clientWantsUsage()) {
            return;
        }
        if (!call.clientWantsUsage() || usagePerChunk && !usageOnly) {
            chunk.remove("usage");
        }
        timing.workerStopped();
        sink.chunk(chunk);
    }

    /** A tool call's (or fragment's) arguments in tokens, at least one: JSON runs about four bytes a token. */
    private static long argumentTokens(JsonNode call) {
        String arguments = call.path("function").path("arguments").asText("");
        return Math.max(1, arguments.getBytes(StandardCharsets.UTF_8).length / 4);
    }

    private void broken(int index, Throwable error) {
        if (over) {
            return;
        }
        if (!sink.committed()) {
            workerFailed(index, error);
            return;
        }
        LOG.warnf("worker %s failed mid-stream: %s", current.workerId(), error.getMessage());
        reportFinished(false);
        end("failed", true);
        sink.brokenStream();
    }

    private void workerFailed(int index, Throwable error) {
        timing.workerStopped();
        reportFinished(false);
        failed = true;
        if (clientLeft) { // no one to answer: no other worker is asked, and nothing came of this one
            end("client_disconnected", false);
            return;
        }
        if (error instanceof TimeoutException) {
            LOG.warnf("worker %s timed out", current.workerId());
            failBeforeStart(ApiFailure.upstreamTimeout());
            return;
        }
        LOG.infof("worker %s failed before the first byte, trying the next one: %s", current.workerId(),
                error.getMessage());
        attempt(index + 1);
    }

    /** A clean ending: the client's answer goes out first, metering (an event to Kafka) need not delay it. */
    private void completed(Runnable answerClient) {
        reportFinished(true);
        stop();
        try {
            answerClient.run();
        } finally { // whatever writing the answer did, the request is metered
            publishUsage(clientLeft ? "client_disconnected" : "completed", true);
        }
    }

    private void failBeforeStart(ApiFailure failure) {
        end("failed", false);
        sink.fail(failure);
    }

    private void clientGone() {
        if (over) {
            return;
        }
        if (!call.stream() && current != null) {
            // Without a stream, a worker tells what it generated only in its answer: cut off, the request would be
            // billed a guess of its prompt and none of the tokens the worker had made (nor its opengpu provider
            // paid for them). It finishes, its answer goes nowhere, and its own counts are billed.
            clientLeft = true;
            return;
        }
        // Released, not finished: a client that leaves says nothing about the worker's health, or anyone could
        // have a worker ejected by closing a few connections.
        releaseWorker();
        // Gone before any worker was asked: nothing was processed, the event only releases the reservation.
        end("client_disconnected", current != null);
        // After end(): the reset fails the upstream response, and that must not count as a broken worker.
        if (upstream != null) {
            upstream.reset();
        }
    }

    /** The request was asked of a worker before its admission was decided, and then admitted: it is metered. */
    public void admitted() {
        meter.admitted();
    }

    /**
     * The request was asked of a worker before its admission was decided, and then refused: the worker's request is
     * given up and its counts are taken back, and the meter (which held the usage event for the verdict) drops it.
     * Released, not finished: the worker did nothing wrong or right that its health or speed should learn from.
     * The whole wait counts as the gateway's own in {@code x-relay-overhead-ms}.
     */
    public void abandon() {
        meter.refused();
        if (!over) {
            releaseWorker();
            stop();
            if (upstream != null) {
                upstream.reset();
            }
        }
        timing.workerNotForClient(); // the client waited for its refusal, not for the worker
    }

    /**
     * Takes back the count of the worker asked, or of the route's first candidate when none was asked yet (gone
     * while being admitted), without a word on its health or speed.
     */
    private void releaseWorker() {
        if (current != null) {
            load.released(current.workerId());
        } else {
            releaseFirstCandidate();
        }
    }

    /** The route counted its first candidate: released like that of any request that never went out. */
    private void releaseFirstCandidate() {
        if (!candidates.isEmpty()) {
            load.released(candidates.get(0).workerId());
        }
    }

    /**
     * @param worked whether a worker processed the prompt: if not (nothing reached a worker, or it refused), the
     *     event carries zero tokens and only releases the reservation
     */
    private void end(String outcome, boolean worked) {
        stop();
        publishUsage(outcome, worked);
    }

    /** From here on no worker callback counts, and the time waited for workers is closed. */
    private void stop() {
        over = true;
        timing.workerStopped();
    }

    /** Publishes the one usage event, with the tokens counted so far (see {@link #end}). */
    private void publishUsage(String outcome, boolean worked) {
        long prompt = !worked ? 0 : promptTokens >= 0 ? promptTokens : call.prompt().tokenGuess();
        long completion = !worked ? 0 : completionTokens >= 0 ? completionTokens
                : Math.min(countedTokens, completionBound());
        meter.finish(outcome, current == null ? null : current.workerId(), prompt, completion);
    }

    /**
     * Takes the worker's counts, held to what the request can have cost: no more generated tokens than {@code n}
     * times its output budget, and no more prompt tokens than twice its bound and {@value #PROMPT_SLACK} more (a
     * model's chat template can add more than the bound allows for, and such a prompt is still billed as counted).
     * No worker (an opengpu provider, say) reports its way far past the hold. Counts held down are corrected in the
     * usage the client gets too; negative ones are no counts at all.
     */
    private void recordUsage(JsonNode usage) {
        if (usage == null || !usage.isObject() || !usage.has("prompt_tokens")) {
            return;
        }
        long prompt = usage.path("prompt_tokens").asLong();
        long completion = usage.path("completion_tokens").asLong();
        if (prompt < 0 || completion < 0) {
            return;
        }
        long promptBound = 2L * call.prompt().tokenBound() + PROMPT_SLACK;
        long completionBound = completionBound();
        if (prompt > promptBound || completion > completionBound) {
            if (!overCounted) { // once a request: a worker reporting on every chunk would say it on every one
                overCounted = true;
                LOG.warnf("worker %s reported %d prompt and %d generated tokens, more than the request allows;"
                        + " billed %d and %d", current.workerId(), prompt, completion, Math.min(prompt, promptBound),
                        Math.min(completion, completionBound));
            }
            prompt = Math.min(prompt, promptBound);
            completion = Math.min(completion, completionBound);
            ((ObjectNode) usage).put("prompt_tokens", prompt).put("completion_tokens", completion)
                    .put("total_tokens", prompt + completion);
        }
        promptTokens = prompt;
        completionTokens = completion;
    }

    /** The most tokens the request can generate: {@code n} times its output budget. */
    private long completionBound() {
        return call.maxOutputTokens() == null ? Long.MAX_VALUE : (long) call.maxOutputTokens() * call.choices();
    }

    private void reportFinished(boolean ok) {
        if (current == null) {
            return;
        }
        long now = System.nanoTime();
        long ttft = firstByteNanos < 0 ? 0 : (firstByteNanos - sentAtNanos) / 1_000_000;
        load.finished(current.workerId(), ok, ttft, (now - sentAtNanos) / 1_000_000);
    }
}
