package dev.relay.simulator.api;

import static dev.relay.simulator.api.Chats.MODEL;
import static dev.relay.simulator.api.Chats.body;
import static dev.relay.simulator.api.Chats.chat;
import static dev.relay.simulator.api.Chats.json;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TokenizationTest {

    @Test
    void aChatsMessagesCountAsTheChatIsBilledForThem() {
        String request = body(MODEL, "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"weather\"}}],"
                + "\"tool_choice\":\"none\",");

        JsonPath counted = json().body(request).post("/tokenize").then().statusCode(200)
                .body("max_model_len", equalTo(32768)).extract().jsonPath();
        int billed = chat(request).then().statusCode(200).extract().jsonPath().getInt("usage.prompt_tokens");

        assertEquals(billed, counted.getInt("count"));
        assertEquals(billed, counted.getList("tokens").size());
    }

    @Test
    void aLongerPromptCountsMoreTokens() {
        int shortPrompt = json().body("{\"model\":\"" + MODEL + "\",\"prompt\":\"hello\"}").post("/tokenize")
                .then().statusCode(200).extract().jsonPath().getInt("count");
        int longPrompt = json().body("{\"model\":\"" + MODEL + "\",\"prompt\":\"hello there, how are the workers "
                + "batching requests today?\"}").post("/tokenize").then().statusCode(200).extract().jsonPath()
                .getInt("count");

        assertTrue(longPrompt > shortPrompt, shortPrompt + " then " + longPrompt);
    }

    @Test
    void anUnknownModelIsA404AsForAChat() {
        json().body(body("no/such-model", "")).post("/tokenize").then().statusCode(404)
                .body("error.message", org.hamcrest.Matchers.containsString("no/such-model"));
    }

    @Test
    void noMessagesAndNoPromptIsA400() {
        json().body("{\"model\":\"" + MODEL + "\"}").post("/tokenize").then().statusCode(400);
    }
}
