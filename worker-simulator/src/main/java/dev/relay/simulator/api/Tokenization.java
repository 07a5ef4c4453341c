package dev.relay.simulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.simulator.service.ChatService;
import dev.relay.simulator.service.RequestRejected;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

/**
 * {@code POST /tokenize} as vLLM's server answers it: {@code count}, {@code max_model_len} and the token ids, for
 * a chat's messages or a plain prompt. A chat counts exactly as the same messages are counted (and billed) in
 * {@code /v1/chat/completions}; the generation prompt is always added, vLLM's default.
 */
@Singleton
class Tokenization implements Handler<RoutingContext> {

    private final ObjectMapper json;
    private final ChatService chats;

    Tokenization(ObjectMapper json, ChatService chats) {
        this.json = json;
        this.chats = chats;
    }

    @Override
    public void handle(RoutingContext ctx) {
        try {
            JsonNode body = ChatEndpoint.parse(json, ctx);
            String text = ChatRequests.tokenizedText(body);
            if (body.hasNonNull("model")) {
                chats.resolve(body.get("model").asText()); // an unknown model is a 404, as for a chat
            }
            int[] tokens = chats.promptTokens(text);
            ObjectNode answer = json.createObjectNode().put("count", tokens.length)
                    .put("max_model_len", chats.maxModelLen());
            ArrayNode ids = answer.putArray("tokens");
            for (int token : tokens) {
                ids.add(token);
            }
            answer.putNull("token_strs");
            ctx.response().putHeader("content-type", "application/json").end(answer.toString());
        } catch (RequestRejected e) {
            OpenAiErrors.send(json, ctx, e.status(), e.type(), e.getMessage());
        }
    }
}
