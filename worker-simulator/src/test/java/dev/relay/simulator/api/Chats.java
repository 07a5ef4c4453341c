package dev.relay.simulator.api;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Request bodies and SSE parsing shared by the HTTP tests. */
final class Chats {

    static final String MODEL = "Qwen/Qwen3-Coder";
    static final String OTHER_MODEL = "deepseek-ai/DeepSeek-V3.1";

    private Chats() {
    }

    /** A prompt no other test sends, so prefix-cache state never leaks between tests. */
    static String uniquePrompt() {
        return "Question " + UUID.randomUUID() + ": how do workers batch requests?";
    }

    static String body(String model, String extraFields) {
        return "{\"model\":\"" + model + "\"," + extraFields
                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + uniquePrompt() + "\"}]}";
    }

    static RequestSpecification json() {
        return given().contentType("application/json");
    }

    static Response chat(String body) {
        return json().body(body).post("/v1/chat/completions");
    }

    /** The JSON payloads of the {@code data:} lines, [DONE] included as is. */
    static List<String> sseData(String stream) {
        List<String> data = new ArrayList<>();
        for (String line : stream.split("\n")) {
            if (line.startsWith("data: ")) {
                data.add(line.substring(6));
            }
        }
        return data;
    }
}
