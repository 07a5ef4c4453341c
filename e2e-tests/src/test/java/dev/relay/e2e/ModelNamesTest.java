package dev.relay.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The names a client may give a model, against the real router's catalog: as written, and as Ollama names them. */
class ModelNamesTest {

    /** Served untagged by the fleet's vLLM simulators. */
    private static final String MODEL = "Qwen/Qwen3-Coder";
    private static Fleet fleet;

    @BeforeAll
    static void startFleet() throws Exception {
        fleet = Fleet.start();
    }

    private static RequestSpecification client() {
        return given().baseUri(fleet.baseUrl).header("Authorization", "Bearer " + Account.funded(fleet, 1_000_000).key())
                .urlEncodingEnabled(false);
    }

    private static Map<String, Object> chat(String model) {
        return Map.of("model", model, "max_tokens", 4, "messages", List.of(Map.of("role", "user", "content", "Hello")));
    }

    @Test
    void aModelCalledWithOllamasLatestTagIsServedAndFoundAsThatModel() {
        String tagged = MODEL + ":latest";
        client().contentType("application/json").body(chat(tagged)).post("/v1/chat/completions").then().statusCode(200);
        client().get("/v1/models/" + tagged).then().statusCode(200).body("id", equalTo(tagged));
        client().get("/v2/anthropic/v1/models/" + tagged).then().statusCode(200).body("id", equalTo(tagged));
    }

    @Test
    void aModelNameWithATrailingSpaceIsNotTheModel() {
        client().contentType("application/json").body(chat(MODEL + " ")).post("/v1/chat/completions").then()
                .statusCode(404).body("error.code", equalTo("model_not_found"));
    }
}
