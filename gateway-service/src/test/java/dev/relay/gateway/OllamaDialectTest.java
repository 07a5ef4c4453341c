package dev.relay.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.fleet.FakeFleet;
import dev.relay.gateway.fleet.Fleet;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(FakeFleet.class)
class OllamaDialectTest {

    static final String PATH = "/v2/ollama/api/chat";

    @Inject
    RedisDataSource redis;

    RequestSpecification client() {
        return given().header("X-API-Key", Fleet.fundedKey(redis, 1_000_000).secret()).contentType("application/json");
    }

    static String body(String model, String stream) {
        return "{\"model\":\"" + model + "\"," + stream + "\"options\":{\"num_predict\":20,\"temperature\":0.2},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"say hello\"}]}";
    }

    @Test
    void nonStreamingAnswerIsOneOllamaObject() {
        client().body(body("test-ok", "\"stream\":false,")).when().post(PATH).then().statusCode(200)
                .body("message.content", equalTo("hello from the fake worker"))
                .body("done", equalTo(true))
                .body("prompt_eval_count", equalTo(7))
                .body("eval_count", equalTo(5));
        assertEquals(20, Fleet.lastBodySeenBy("ok").getInteger("max_tokens"));
    }

    @Test
    void streamsNdjsonByDefaultEndingWithTheCounts() {
        String text = client().body(body("test-ok", "")).when().post(PATH).then().statusCode(200).extract().asString();
        List<JsonObject> lines = text.lines().filter(l -> !l.isBlank()).map(JsonObject::new).toList();
        assertEquals("hello", lines.get(0).getJsonObject("message").getString("content"));
        JsonObject last = lines.get(lines.size() - 1);
        assertTrue(last.getBoolean("done"));
        assertEquals(5, last.getInteger("eval_count"));
        assertTrue(lines.subList(0, lines.size() - 1).stream().noneMatch(l -> l.getBoolean("done")));
    }

    @Test
    void midStreamFailureEndsWithAnErrorLine() {
        String text = client().body(body("test-midfail", "")).when().post(PATH).then().statusCode(200)
                .extract().asString();
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        assertTrue(lines.get(lines.size() - 1).contains("\"error\""), text);
        assertFalse(text.contains("\"done\":true"), text);
    }

    @Test
    void numPredictMinusOneMeansNoLimitOfTheClientsSoTheModelsDefaultApplies() {
        for (int unlimited : new int[] {-1, -2}) {
            client().body("{\"model\":\"test-ok\",\"stream\":false,\"options\":{\"num_predict\":" + unlimited + "},"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"say hello\"}]}")
                    .when().post(PATH).then().statusCode(200).body("done", equalTo(true));
            assertEquals(100, Fleet.lastBodySeenBy("ok").getInteger("max_tokens")); // test-ok's defaultMaxTokens
        }
    }

    @Test
    void numPredictZeroIsRefusedNamingNumPredict() {
        client().body("{\"model\":\"test-ok\",\"options\":{\"num_predict\":0},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"say hello\"}]}")
                .when().post(PATH).then().statusCode(400)
                .body("error", containsString("num_predict"))
                .body("error", not(containsString("max_tokens")));
    }

    @Test
    void aWorkerDyingAfterAChunkWithoutContentFailsOverAsNothingWasWritten() {
        String text = client().body(body("test-rolefail", "")).when().post(PATH).then().statusCode(200)
                .extract().asString();
        List<JsonObject> lines = text.lines().filter(l -> !l.isBlank()).map(JsonObject::new).toList();
        assertEquals("hello", lines.get(0).getJsonObject("message").getString("content"));
        assertTrue(lines.get(lines.size() - 1).getBoolean("done"), text);
    }

    @Test
    void errorsUseTheOllamaShape() {
        client().body(body("no-such-model", "\"stream\":false,")).when().post(PATH).then().statusCode(404)
                .body("error", equalTo("The model 'no-such-model' does not exist"));
        client().body("{oops").when().post(PATH).then().statusCode(400).body("error", equalTo("The request body is not valid JSON"));
    }
}
