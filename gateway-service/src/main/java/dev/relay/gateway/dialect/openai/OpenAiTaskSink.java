package dev.relay.gateway.dialect.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.gateway.proxy.ChatSink;
import dev.relay.gateway.service.ApiFailure;
import dev.relay.gateway.service.TaskOutcome;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.CompletableFuture;

/**
 * The answer of an async chat task, collected instead of written to a connection: the same chat.completion a
 * synchronous client gets from {@link OpenAiChatSink}, or the failure it would have got. Nobody waits on a
 * connection, so nothing is ever committed, congested or gone: the exchange runs to its end.
 */
public final class OpenAiTaskSink implements ChatSink {

    private final ObjectMapper json;
    private final CompletionHeader header;
    private final CompletableFuture<TaskOutcome> outcome = new CompletableFuture<>();

    public OpenAiTaskSink(ObjectMapper json, CompletionHeader header) {
        this.json = json;
        this.header = header;
    }

    /** Completes once the exchange ended, one way or the other; never fails. */
    public Uni<TaskOutcome> outcome() {
        return Uni.createFrom().completionStage(outcome);
    }

    @Override
    public void completion(ObjectNode answer) {
        outcome.complete(TaskOutcome.completed(header.completion(json, answer)));
    }

    @Override
    public void chunk(ObjectNode chunk) {
        // A task's request is never streamed (async and stream exclude each other): nothing comes here.
    }

    @Override
    public void done() {
        fail(ApiFailure.upstream("The worker streamed an answer to a request that was not streamed"));
    }

    @Override
    public void brokenStream() {
        fail(ApiFailure.upstream("The worker failed mid-answer"));
    }

    @Override
    public void fail(ApiFailure failure) {
        outcome.complete(TaskOutcome.failed(failure));
    }

    @Override
    public void workerRefused(int status, Buffer body) {
        fail(Bodies.refusal(json, status, body));
    }

    @Override
    public boolean committed() {
        return false;
    }

    @Override
    public boolean congested() {
        return false;
    }

    @Override
    public void onDrain(Runnable resume) {
    }

    @Override
    public void onClientGone(Runnable gone) {
    }
}
