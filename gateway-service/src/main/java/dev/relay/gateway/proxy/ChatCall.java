package dev.relay.gateway.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.gateway.service.PromptShape;

/**
 * One chat request in the gateway's internal form: an OpenAI-shaped body (Relay's own fields removed), whichever
 * dialect it arrived in, plus what the gateway derived from it.
 *
 * @param clientWantsUsage whether the client itself asked for the usage chunk when streaming
 * @param maxOutputTokens max_completion_tokens ?? max_tokens, or null for the model's default
 * @param async whether the client asked for a task to poll ({@code async: true}) instead of the answer
 */
public record ChatCall(
        String requestId,
        String requestedModel,
        ObjectNode body,
        boolean stream,
        boolean clientWantsUsage,
        String mode,
        Integer maxOutputTokens,
        PromptShape prompt,
        boolean async) {

    /** The same call for a dialect that needs the token counts in its own answer (Anthropic, Ollama). */
    public ChatCall wantingUsage() {
        return new ChatCall(requestId, requestedModel, body, stream, true, mode, maxOutputTokens, prompt, async);
    }

    /** The same call with an output budget the client did not set, sent to the worker so the reservation holds. */
    public ChatCall withOutputBudget(int maxTokens) {
        ObjectNode limited = body.deepCopy();
        limited.put("max_tokens", maxTokens);
        return new ChatCall(requestId, requestedModel, limited, stream, clientWantsUsage, mode, maxTokens, prompt,
                async);
    }

    /** Completions asked for ({@code n}), each of which may use the whole output budget. */
    public int choices() {
        return Math.max(1, body.path("n").asInt(1));
    }
}
