package dev.relay.simulator.api;

import static dev.relay.simulator.api.Chats.MODEL;
import static dev.relay.simulator.api.Chats.body;
import static dev.relay.simulator.api.Chats.json;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OllamaChatTest {

    private static io.restassured.response.Response ollamaChat(String body) {
        return json().body(body).post("/api/chat");
    }

    @Test
    void chatStreamsNdjsonByDefaultAndEndsWithCountsAndDurations() {
        String stream = ollamaChat(body(MODEL, "\"options\":{\"num_predict\":4},")).then().statusCode(200)
                .header("content-type", startsWith("application/x-ndjson")).extract().asString();
        List<JsonPath> lines = Arrays.stream(stream.split("\n")).filter(l -> !l.isBlank()).map(JsonPath::from).toList();

        assertEquals(5, lines.size());
        for (JsonPath part : lines.subList(0, 4)) {
            assertFalse(part.getBoolean("done"));
            assertEquals("assistant", part.getString("message.role"));
            assertFalse(part.getString("message.content").isEmpty());
            assertEquals(MODEL, part.getString("model"));
            assertTrue(part.getString("created_at").endsWith("Z"));
        }
        JsonPath done = lines.get(4);
        assertTrue(done.getBoolean("done"));
        assertEquals("length", done.getString("done_reason"));
        assertEquals(4, done.getInt("eval_count"));
        assertTrue(done.getInt("prompt_eval_count") > 0);
        assertTrue(done.getLong("total_duration") >= done.getLong("prompt_eval_duration") + done.getLong("eval_duration"));
        assertTrue(done.getLong("eval_duration") > 0);
    }

    @Test
    void streamFalseAnswersWithOneObject() {
        ollamaChat(body(MODEL, "\"stream\":false,")).then().statusCode(200)
                .body("done", equalTo(true))
                .body("done_reason", equalTo("stop"))
                .body("message.role", equalTo("assistant"))
                .body("message.content.size()", greaterThan(0))
                .body("eval_count", greaterThan(15))
                .body("load_duration", notNullValue());
    }

    @Test
    void ollamaAndOpenAiAgreeOnTheAnswerToTheSameConversation() {
        String conversation = "\"messages\":[{\"role\":\"user\",\"content\":\"" + Chats.uniquePrompt() + "\"}]";
        String ollama = ollamaChat("{\"model\":\"" + MODEL + "\",\"stream\":false,\"options\":{\"seed\":3}," + conversation + "}")
                .then().statusCode(200).extract().path("message.content");
        String openAi = Chats.chat("{\"model\":\"" + MODEL + "\",\"seed\":3," + conversation + "}")
                .then().statusCode(200).extract().path("choices[0].message.content");
        assertEquals(openAi, ollama);
    }

    @Test
    void unknownModelIsAnOllamaError() {
        ollamaChat(body("nope:7b", "")).then().statusCode(404)
                .body("error", equalTo("model \"nope:7b\" not found, try pulling it first"));
    }

    @Test
    void malformedBodyIsAnOllamaError() {
        ollamaChat("not json").then().statusCode(400).body("error", startsWith("the request body is not valid JSON"));
    }

    @Test
    void tagsListTheServedModels() {
        json().get("/api/tags").then().statusCode(200)
                .body("models.name", hasItem(MODEL + ":latest"))
                .body("models[0].details.format", equalTo("gguf"));
    }

    @Test
    void latestTagNamesTheSameModel() {
        ollamaChat(body(MODEL + ":latest", "\"stream\":false,")).then().statusCode(200).body("done", equalTo(true));
    }

    @Test
    void versionIsReported() {
        json().get("/api/version").then().statusCode(200).body("version", notNullValue());
    }
}
