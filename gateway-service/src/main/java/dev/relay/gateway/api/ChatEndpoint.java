package dev.relay.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.gateway.dialect.openai.OpenAiChatRequests;
import dev.relay.gateway.dialect.openai.OpenAiChatSink;
import dev.relay.gateway.dialect.openai.OpenAiErrors;
import dev.relay.gateway.proxy.ChatCall;
import dev.relay.gateway.service.ApiFailure;
import dev.relay.gateway.service.Caller;
import dev.relay.gateway.service.ChatService;
import dev.relay.gateway.service.RequestTiming;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** {@code POST /v1/chat/completions}: OpenAI in, OpenAI out (JSON or SSE). */
@ApplicationScoped
public class ChatEndpoint {

    private final OpenAiChatRequests requests;
    private final ChatService chat;
    private final ObjectMapper json;

    public ChatEndpoint(OpenAiChatRequests requests, ChatService chat, ObjectMapper json) {
        this.requests = requests;
        this.chat = chat;
        this.json = json;
    }

    void openAi(RoutingContext ctx) {
        Caller caller = ctx.get(Admission.CALLER);
        ChatCall call;
        try {
            call = requests.read(ctx.body().buffer(), ctx.get(RequestTracking.REQUEST_ID));
        } catch (ApiFailure invalid) {
            OpenAiErrors.write(ctx, json, invalid);
            return;
        }
        Admission.onLoop(chat.admit(caller, call), ctx).subscribe().with(admitted -> {
            String id = UUID.randomUUID().toString();
            String taskPrefix = "opengpu".equals(admitted.mode()) ? "opengpu:" : "direct:";
            var sink = new OpenAiChatSink(ctx, json, "chatcmpl-" + id.replace("-", ""), taskPrefix + id,
                    call.requestedModel(), admitted.mode());
            chat.run(caller, call, admitted, sink, ctx.get(RequestTiming.KEY));
        }, failure -> OpenAiErrors.write(ctx, json, Failures.toApi(failure)));
    }
}
