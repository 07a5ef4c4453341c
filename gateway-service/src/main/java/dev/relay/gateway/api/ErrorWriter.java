package dev.relay.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.gateway.dialect.openai.OpenAiErrors;
import dev.relay.gateway.service.ApiFailure;
import io.vertx.ext.web.RoutingContext;

/** Writes a refusal in the error shape of the dialect the route speaks (OpenAI, Anthropic, Ollama). */
@FunctionalInterface
public interface ErrorWriter {

    String KEY = "relay.errors";

    void write(RoutingContext ctx, ApiFailure failure);

    /** The writer the route chose, OpenAI by default. */
    static ErrorWriter of(RoutingContext ctx, ObjectMapper json) {
        ErrorWriter chosen = ctx.get(KEY);
        return chosen != null ? chosen : (c, failure) -> OpenAiErrors.write(c, json, failure);
    }
}
