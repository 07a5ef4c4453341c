package dev.relay.gateway.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** Parsing of worker answers: anything that is not a JSON object is a broken worker. */
final class JsonBodies {

    private JsonBodies() {
    }

    static ObjectNode object(ObjectMapper json, String text) {
        try {
            JsonNode node = json.readTree(text);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            throw new WorkerAnswerException("worker answered with invalid JSON", e);
        }
        throw new WorkerAnswerException("worker answered with something other than a JSON object", null);
    }
}
