package dev.relay.gateway.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.gateway.service.PromptShape;

/**
 * One chat request in the gateway's internal form: an OpenAI-shaped body (Relay's own fields removed), whichever
 * dialect it arrived in, plus what the gateway derived from it.
 *
 * @param clientWantsUsage whether the client itself asked for the usage chunk when streaming
 * @param maxOutputTokens max_completion_tokens ?? max_tokens, or null for the model's default
 */
public record ChatCall(
        String requestId,
        String requestedModel,
        ObjectNode body,
        boolean stream,
        boolean clientWantsUsage,
        String mode,
        Integer maxOutputTokens,
        PromptShape prompt) {

    /** The same call for a dialect that needs the token counts in its own answer (Anthropic, Ollama). */
    public ChatCall wantingUsage() {
        return new ChatCall(requestId, requestedModel, body, stream, true, mode, maxOutputTokens, prompt);
    }
}
