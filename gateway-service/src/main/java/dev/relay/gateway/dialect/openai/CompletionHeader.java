package dev.relay.gateway.dialect.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What Relay writes an answer under, whoever receives it (a connection or a task): its {@code chatcmpl-} id, time,
 * the model as the client named it, and Relay's {@code task_id}, {@code task_address} (the task's address on the
 * OpenGPU chain in opengpu mode, else null) and {@code mode}.
 */
public record CompletionHeader(String completionId, long created, String model, String taskId, String taskAddress,
        String mode) {

    /** The header of request {@code id} (a uuid): {@code chatcmpl-<id without dashes>}, created now. */
    public static CompletionHeader of(String id, String model, String taskId, String taskAddress, String mode) {
        return new CompletionHeader("chatcmpl-" + id.replace("-", ""), System.currentTimeMillis() / 1000, model,
                taskId, taskAddress, mode);
    }

    /** The client's chat.completion: the worker's choices and usage under this header. */
    public ObjectNode completion(ObjectMapper json, ObjectNode answer) {
        ObjectNode out = json.createObjectNode();
        out.put("id", completionId);
        out.put("object", "chat.completion");
        out.put("created", created);
        out.put("model", model);
        out.set("choices", answer.path("choices").isArray() ? answer.get("choices") : json.createArrayNode());
        out.set("usage", answer.path("usage").isObject() ? answer.get("usage") : json.nullNode());
        if (answer.hasNonNull("system_fingerprint")) {
            out.set("system_fingerprint", answer.get("system_fingerprint"));
        }
        out.put("task_id", taskId);
        out.put("task_address", taskAddress);
        out.put("mode", mode);
        return out;
    }
}
