package dev.relay.gateway.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.contracts.internal.RouteCandidate;
import dev.relay.gateway.service.ApiFailure;
import io.vertx.core.buffer.Buffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Ollama's {@code /api/chat}: OpenAI request in, NDJSON or one JSON object out, both mapped back to OpenAI shapes.
 * Tools pass as they are (Ollama takes OpenAI's function shape), {@code response_format} becomes {@code format}, tool
 * calls change shape both ways ({@link ToolCalls}) and tool answers name their function ({@code tool_name}).
 */
final class OllamaProtocol implements WorkerProtocol {

    private final ObjectMapper json;

    OllamaProtocol(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public String url(RouteCandidate candidate) {
        return WorkerProtocol.join(candidate.baseUrl(), "/api/chat");
    }

    /**
     * What Ollama's chat cannot do, refused rather than silently not done: {@code n} above 1 (it generates one answer
     * per request), {@code logprobs} (its chat returns none), and a {@code tool_choice} that forces a call
     * ({@code required}, or a named function): it has no such setting, and the model may call another tool or none.
     * {@code none} it can do: the tools are not sent. And an image by URL: Ollama takes images inline only, and the
     * gateway fetches nothing for a client. And content parts other than text and images (audio, files): an Ollama
     * message has no place for them, and the model would answer as if they had not been sent.
     */
    @Override
    public ApiFailure cannotServe(ChatCall call) {
        if (call.choices() > 1) {
            return ApiFailure.invalidRequest(
                    "n: this model's workers (Ollama) generate one choice per request; send n requests instead", "n");
        }
        if (call.body().path("logprobs").asBoolean(false)) {
            return ApiFailure.invalidRequest(
                    "logprobs: this model's workers (Ollama) do not return log probabilities", "logprobs");
        }
        JsonNode choice = call.body().path("tool_choice");
        if (choice.isObject() || "required".equals(choice.asText())) {
            return ApiFailure.invalidRequest("tool_choice: this model's workers (Ollama) cannot be made to call a"
                    + " tool; send 'auto' or 'none'", "tool_choice");
        }
        if (OllamaImages.anyByUrl(call.body().path("messages"))) {
            return ApiFailure.invalidRequest("messages: this model's workers (Ollama) take images inline only; send"
                    + " the image as base64 (a data: URL), not by its URL", "messages");
        }
        String part = partOtherThanTextOrImage(call.body().path("messages"));
        if (part != null) {
            return ApiFailure.invalidRequest("messages: this model's workers (Ollama) take text and image content"
                    + " parts only, not '" + part + "'", "messages");
        }
        return null;
    }

    /** The type of the first content part that is neither text nor an image, or null when there is none. */
    private static String partOtherThanTextOrImage(JsonNode messages) {
        for (JsonNode message : messages) {
            for (JsonNode part : message.path("content")) {
                String type = part.path("type").asText();
                if (!"text".equals(type) && !"image_url".equals(type)) {
                    return type;
                }
            }
        }
        return null;
    }

    @Override
    public Buffer requestBody(ChatCall call, RouteCandidate candidate) {
        ObjectNode body = json.createObjectNode();
        body.put("model", candidate.model());
        body.put("stream", call.stream());
        ArrayNode messages = body.putArray("messages");
        Map<String, String> toolNames = new HashMap<>(); // call id → function name, for the tool answers
        for (JsonNode message : call.body().path("messages")) {
            ObjectNode out = messages.addObject();
            // OpenAI's developer messages are its newer name for system ones, which Ollama's templates know.
            String role = message.path("role").asText("user");
            out.put("role", "developer".equals(role) ? "system" : role);
            out.put("content", textOf(message.path("content")));
            ArrayNode images = OllamaImages.fromContentParts(json, message.path("content"));
            if (!images.isEmpty()) {
                out.set("images", images);
            }
            if (message.path("tool_calls").isArray()) {
                out.set("tool_calls", ToolCalls.toOllama(json, message.get("tool_calls")));
                message.get("tool_calls").forEach(c -> toolNames.put(c.path("id").asText(),
                        c.path("function").path("name").asText()));
            }
            if (toolNames.containsKey(message.path("tool_call_id").asText())) {
                out.put("tool_name", toolNames.get(message.path("tool_call_id").asText()));
            }
        }
        if (call.body().hasNonNull("tools") && !"none".equals(call.body().path("tool_choice").asText())) {
            body.set("tools", call.body().get("tools"));
        }
        JsonNode format = call.body().path("response_format");
        switch (format.path("type").asText()) {
            case "json_object" -> body.put("format", "json");
            case "json_schema" -> body.set("format", format.path("json_schema").path("schema"));
            default -> {
                // text, or none: free text
            }
        }
        ObjectNode options = body.putObject("options");
        OllamaOptions.copySampling(call.body(), options);
        if (call.maxOutputTokens() != null) {
            options.put("num_predict", call.maxOutputTokens());
        }
        return Buffer.buffer(body.toString());
    }

    @Override
    public ObjectNode completion(Buffer body) {
        ObjectNode answer = JsonBodies.object(json, body);
        ObjectNode completion = json.createObjectNode();
        ObjectNode choice = completion.putArray("choices").addObject();
        choice.put("index", 0);
        String content = answer.path("message").path("content").asText("");
        ObjectNode message = choice.putObject("message").put("role", "assistant").put("content", content);
        JsonNode calls = answer.path("message").path("tool_calls");
        boolean called = calls.isArray() && !calls.isEmpty();
        if (called) {
            message.set("tool_calls", ToolCalls.fromOllama(json, calls));
            if (content.isEmpty()) {
                message.putNull("content"); // as OpenAI answers a message that is only tool calls
            }
        }
        // As OpenAI and vLLM answer when none were asked for, or (Ollama) none can be given: null, not absent.
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(answer, called));
        completion.set("usage", usage(answer));
        return completion;
    }

    @Override
    public StreamDecoder streamDecoder() {
        return new LineStreamDecoder() {
            /** OpenAI streams name the role in their first delta, and clients (openai-node) insist on it. */
            private boolean roleSent;
            /** Tool calls so far: OpenAI numbers them across the stream. */
            private int toolCalls;

            /** Only the first chunk of a stream names the role, as OpenAI streams do. */
            private ObjectNode withRole(ObjectNode chunk) {
                if (!roleSent) {
                    roleSent = true;
                    ((ObjectNode) chunk.at("/choices/0/delta")).put("role", "assistant");
                }
                return chunk;
            }

            @Override
            protected void line(byte[] bytes, int offset, int length, List<ObjectNode> chunks) {
                if (blank(bytes, offset, length)) {
                    return;
                }
                ObjectNode part = JsonBodies.streamedPart(json, bytes, offset, length);
                String content = part.path("message").path("content").asText("");
                boolean last = part.path("done").asBoolean(false);
                JsonNode calls = part.path("message").path("tool_calls");
                boolean callsHere = calls.isArray() && !calls.isEmpty();
                if (!content.isEmpty() || callsHere) {
                    ObjectNode chunk = chunk(content, null);
                    if (callsHere) {
                        ArrayNode deltas = ToolCalls.fromOllama(json, calls);
                        for (JsonNode delta : deltas) {
                            ((ObjectNode) delta).put("index", toolCalls++);
                        }
                        ((ObjectNode) chunk.at("/choices/0/delta")).set("tool_calls", deltas);
                    }
                    chunks.add(withRole(chunk));
                }
                if (last) {
                    // The finish reason in a chunk of its own, as vLLM sends it: OpenAI's SDK helpers finish a
                    // choice on it before they read the rest of that chunk, so calls beside it would go unseen.
                    chunks.add(withRole(chunk("", finishReason(part, toolCalls > 0))));
                    ObjectNode usageChunk = json.createObjectNode();
                    usageChunk.putArray("choices");
                    usageChunk.set("usage", usage(part));
                    chunks.add(usageChunk);
                    done();
                }
            }
        };
    }

    private ObjectNode chunk(String content, String finishReason) {
        ObjectNode chunk = json.createObjectNode();
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (!content.isEmpty()) {
            delta.put("content", content);
        }
        choice.putNull("logprobs");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return chunk;
    }

    private ObjectNode usage(JsonNode answer) {
        long prompt = answer.path("prompt_eval_count").asLong(0);
        long completion = answer.path("eval_count").asLong(0);
        return json.createObjectNode().put("prompt_tokens", prompt).put("completion_tokens", completion)
                .put("total_tokens", prompt + completion);
    }

    /** Ollama says {@code stop} after tool calls too; OpenAI clients look for {@code tool_calls}. */
    private static String finishReason(JsonNode answer, boolean toolCalls) {
        return "length".equals(answer.path("done_reason").asText()) ? "length" : toolCalls ? "tool_calls" : "stop";
    }

    private static String textOf(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if (part.path("text").isTextual()) {
                text.append(text.isEmpty() ? "" : " ").append(part.path("text").asText());
            }
        }
        return text.toString();
    }
}
