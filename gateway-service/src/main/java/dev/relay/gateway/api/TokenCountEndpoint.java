package dev.relay.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.gateway.dialect.anthropic.AnthropicRequests;
import dev.relay.gateway.proxy.ChatCall;
import dev.relay.gateway.service.ApiFailure;
import dev.relay.gateway.service.Caller;
import dev.relay.gateway.service.Failures;
import dev.relay.gateway.service.PromptTokenCounter;
import dev.relay.gateway.service.RequestTiming;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code POST /v2/anthropic/v1/messages/count_tokens}: how many input tokens a Messages request would be, as
 * Anthropic's SDKs ask ({@code messages.countTokens}) and Claude Code does before long prompts. Free; counted in the
 * key's rate window like any call. {@code x-relay-token-count} says who counted: {@code worker} (the model's own
 * tokenizer) or {@code estimate} (the gateway's, where no worker can count).
 */
@ApplicationScoped
public class TokenCountEndpoint {

    private final AnthropicRequests requests;
    private final PromptTokenCounter counter;
    private final ObjectMapper json;

    public TokenCountEndpoint(AnthropicRequests requests, PromptTokenCounter counter, ObjectMapper json) {
        this.requests = requests;
        this.counter = counter;
        this.json = json;
    }

    void anthropic(RoutingContext ctx) {
        ErrorWriter errors = ErrorWriter.of(ctx, json);
        Caller caller = ctx.get(Admission.CALLER);
        ChatCall call;
        try {
            call = requests.readPrompt(ctx.body().buffer(), ctx.get(RequestTracking.REQUEST_ID));
        } catch (ApiFailure invalid) {
            errors.write(ctx, invalid);
            return;
        }
        Admission.onLoop(counter.count(caller, call, ctx.get(RequestTiming.KEY)), ctx).subscribe().with(count -> ctx.response()
                        .putHeader("Content-Type", "application/json")
                        .putHeader("x-relay-token-count", count.byWorker() ? "worker" : "estimate")
                        .end(json.createObjectNode().put("input_tokens", count.tokens()).toString()),
                failure -> errors.write(ctx, Failures.toApi(failure)));
    }
}
