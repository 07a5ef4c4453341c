package dev.relay.gateway.dialect.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.gateway.dialect.openai.OpenAiChatRequests;
import dev.relay.gateway.proxy.ChatCall;
import dev.relay.gateway.service.ApiFailure;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** Reads an Ollama {@code /api/chat} request (streaming unless {@code stream:false}) into the internal form. */
@ApplicationScoped
public class OllamaRequests {

    /** Ollama {@code options} and the OpenAI fields they become. */
    private static final Map<String, String> OPTIONS = Map.of(
            "temperature", "temperature",
            "top_p", "top_p",
            "seed", "seed",
            "stop", "stop",
            "frequency_penalty", "frequency_penalty",
            "presence_penalty", "presence_penalty");

    private final ObjectMapper json;
    private final OpenAiChatRequests openAi;

    public OllamaRequests(ObjectMapper json, OpenAiChatRequests openAi) {
        this.json = json;
        this.openAi = openAi;
    }

    public ChatCall read(Buffer bytes, String requestId) {
        ObjectNode in = openAi.parse(bytes);
        ObjectNode out = json.createObjectNode();
        out.set("model", in.get("model"));
        out.set("messages", in.get("messages"));
        out.put("stream", in.path("stream").asBoolean(true));
        JsonNode options = in.path("options");
        OPTIONS.forEach((ollama, openAiName) -> {
            if (options.hasNonNull(ollama)) {
                out.set(openAiName, options.get(ollama));
            }
        });
        limitOutput(options.get("num_predict"), out);
        // The final NDJSON line carries the token counts, so the usage chunk is always wanted.
        return openAi.read(out, requestId).wantingUsage();
    }

    /** {@code num_predict}: -1 (no limit) and -2 (fill the context) set no limit, so the model's default applies. */
    private static void limitOutput(JsonNode numPredict, ObjectNode out) {
        if (numPredict == null || numPredict.isNull()) {
            return;
        }
        boolean whole = numPredict.isIntegralNumber() && numPredict.canConvertToInt();
        if (whole && (numPredict.asInt() == -1 || numPredict.asInt() == -2)) {
            return;
        }
        if (!whole || numPredict.asInt() < 1) {
            throw ApiFailure.invalidRequest(
                    "options.num_predict must be a positive integer, -1 (no limit) or -2 (fill the context)",
                    "num_predict");
        }
        out.set("max_tokens", numPredict);
    }
}
