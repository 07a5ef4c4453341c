package dev.relay.gateway.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.gateway.service.ApiFailure;
import io.vertx.core.buffer.Buffer;

/**
 * The client side of one chat exchange, implemented by each dialect. Everything it receives is OpenAI-shaped;
 * the dialect writes it in its own format. Called on the request's event loop only.
 */
public interface ChatSink {

    /**
     * A (next) worker is asked: what an earlier one streamed before failing was never sent (else there would be no
     * failover), so whatever the sink gathered from it is dropped.
     */
    default void attemptStarted() {
    }

    /**
     * The worker's token counts so far, from a streamed chunk (vLLM's continuous usage names the prompt's from the
     * first chunk), whether or not the chunk keeps its usage for the client.
     */
    default void workerUsage(JsonNode usage) {
    }

    /** The whole answer (non-streaming). */
    void completion(ObjectNode completion);

    /** One streamed chunk; the first one commits the response (status and headers are sent). */
    void chunk(ObjectNode chunk);

    /**
     * Runs {@code chunks} (calls of {@link #chunk}) so that what they produce reaches the client in one write: the
     * chunks of one read from the worker cost one system call, not one each.
     */
    default void inOneWrite(Runnable chunks) {
        chunks.run();
    }

    /** The stream ended cleanly. */
    void done();

    /** The worker failed after the stream started: an explicit error event, then the end, never a clean end. */
    void brokenStream();

    /** Nothing was sent yet and the request failed. */
    void fail(ApiFailure failure);

    /** A worker refused the request (4xx): its answer is passed through. */
    void workerRefused(int status, Buffer body);

    /** True once anything was sent to the client; from then on no failover. */
    boolean committed();

    /** True while the client does not keep up; the exchange pauses the worker until {@link #onDrain}. */
    boolean congested();

    void onDrain(Runnable resume);

    void onClientGone(Runnable gone);
}
