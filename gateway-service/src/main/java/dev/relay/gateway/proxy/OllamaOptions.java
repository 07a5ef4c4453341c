package dev.relay.gateway.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The sampling settings Ollama takes in {@code options} under the names OpenAI gives them at the top of a request,
 * for Ollama clients and Ollama workers alike. {@code num_predict} (OpenAI's max tokens) has rules of its own.
 */
public final class OllamaOptions {

    private static final List<String> SAMPLING =
            List.of("temperature", "top_p", "top_k", "seed", "stop", "frequency_penalty", "presence_penalty");

    private OllamaOptions() {
    }

    /**
     * Copies the sampling settings {@code from} has into {@code to}: the names are the same on both sides. One stop
     * sequence goes as a list of one, which OpenAI takes too and Ollama insists on ({@code option "stop" must be of
     * type array}).
     */
    public static void copySampling(JsonNode from, ObjectNode to) {
        for (String name : SAMPLING) {
            if (from.hasNonNull(name)) {
                JsonNode value = from.get(name);
                to.set(name, "stop".equals(name) && value.isTextual() ? to.arrayNode().add(value) : value);
            }
        }
    }
}
