package dev.relay.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.contracts.RedisKeys;
import dev.relay.gateway.fleet.FakeFleet;
import dev.relay.gateway.fleet.Fleet;
import dev.relay.gateway.fleet.UsageEvents;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Anthropic's count_tokens: the prompt counted by a worker that would run it, free of charge. */
@QuarkusTest
@WithTestResource(FakeFleet.class)
class TokenCountTest {

    static final String PATH = "/v2/anthropic/v1/messages/count_tokens";

    @Inject
    RedisDataSource redis;

    RequestSpecification client(String secret) {
        return given().header("x-api-key", secret).header("anthropic-version", "2023-06-01")
                .contentType("application/json");
    }

    static String body(String model) {
        return "{\"model\":\"" + model + "\",\"system\":\"be brief\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"how many tokens is this?\"}],\"tools\":[{\"name\":\"weather\",\"description\":\"w\","
                + "\"input_schema\":{\"type\":\"object\"}}]}";
    }

    @Test
    void aVllmWorkerThatServesTheModelCountsThePromptAsTheChatWouldBeCounted() {
        client(Fleet.fundedKey(redis, 1_000_000).secret()).body(body("test-ok")).when().post(PATH).then()
                .statusCode(200)
                .header("x-relay-token-count", "worker")
                .body("input_tokens", equalTo(Fleet.TOKENIZED_COUNT));

        JsonObject asked = Fleet.lastBodySeenBy("ok");
        assertEquals("worker-ok", asked.getString("model"));
        assertEquals(List.of("system", "user"), asked.getJsonArray("messages").stream()
                .map(m -> ((JsonObject) m).getString("role")).toList());
        assertEquals("weather", asked.getJsonArray("tools").getJsonObject(0).getJsonObject("function")
                .getString("name"));
        assertEquals(true, asked.getBoolean("add_generation_prompt"));
    }

    @Test
    void aModelOnlyOllamaServesIsEstimated() {
        client(Fleet.fundedKey(redis, 1_000_000).secret()).body(body("test-ollama")).when().post(PATH).then()
                .statusCode(200)
                .header("x-relay-token-count", "estimate")
                .body("input_tokens", greaterThan(5));
    }

    @Test
    void aVllmWorkerBehindTheOllamaWorkerTheChatWouldRunOnDoesNotCountIt() {
        // The chat runs on the first candidate, with Ollama's chat template: a vLLM worker's count is another one.
        client(Fleet.fundedKey(redis, 1_000_000).secret()).body(body("test-ollama-first")).when().post(PATH).then()
                .statusCode(200)
                .header("x-relay-token-count", "estimate");
    }

    @Test
    void whatTheChatsWorkersWouldRefuseIsRefusedAsTheChatIs() {
        // Ollama cannot be made to call a tool: create answers 400 naming tool_choice, and so does the count.
        client(Fleet.fundedKey(redis, 1_000_000).secret())
                .body(body("test-ollama").replace("\"tools\":", "\"tool_choice\":{\"type\":\"any\"},\"tools\":"))
                .when().post(PATH).then()
                .statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.message", startsWith("tool_choice:"));
    }

    @Test
    void aPromptNoWorkersContextHoldsIsRefusedAsTheMessageIs() {
        // The route of test-too-long is refused as a prompt past every worker's context window.
        client(Fleet.fundedKey(redis, 1_000_000).secret()).body(body("test-too-long")).when().post(PATH).then()
                .statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.message", containsString("context length"));
    }

    @Test
    void aToolChoiceNamingAToolNotOfferedIsA400AsForTheMessage() {
        client(Fleet.fundedKey(redis, 1_000_000).secret())
                .body(body("test-ok").replace("\"tools\":", "\"tool_choice\":{\"type\":\"tool\",\"name\":\"time\"},\"tools\":"))
                .when().post(PATH).then()
                .statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.message", startsWith("tool_choice:"));
    }

    @Test
    void aWorkerThatCannotBeReachedGivesTheEstimateNotAnError() {
        // test-failover's first vLLM candidate listens nowhere.
        client(Fleet.fundedKey(redis, 1_000_000).secret()).body(body("test-failover")).when().post(PATH).then()
                .statusCode(200)
                .header("x-relay-token-count", "estimate")
                .body("input_tokens", greaterThan(5));
    }

    @Test
    void aRouteWithNoWorkerThatCanTakeTheChatIsA502AsForTheMessage() {
        String key = Fleet.fundedKey(redis, 1_000_000).secret();
        client(key).body("{\"model\":\"test-unspoken\",\"max_tokens\":8,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"}]}").when().post("/v2/anthropic/v1/messages").then().statusCode(502);
        client(key).body(body("test-unspoken")).when().post(PATH).then()
                .statusCode(502)
                .body("type", equalTo("error"));
    }

    @Test
    void countingIsCountedInTheRateWindowButHoldsAndBillsNothing() {
        Fleet.TestKey key = Fleet.fundedKey(redis, 1_000_000);
        String requestId = UUID.randomUUID().toString();
        client(key.secret()).header("x-request-id", requestId).body(body("test-ok")).when().post(PATH).then()
                .statusCode(200)
                .header("x-ratelimit-remaining-requests", "999");

        assertTrue(UsageEvents.noneExpectedFor(requestId).isEmpty());
        assertTrue(redis.hash(String.class).hgetall(RedisKeys.reservations(key.accountId())).isEmpty());
    }

    @Test
    void anUnknownModelIsA404InAnthropicsShape() {
        client(Fleet.fundedKey(redis, 1_000_000).secret()).body(body("no-such-model")).when().post(PATH).then()
                .statusCode(404)
                .body("type", equalTo("error"))
                .body("error.type", equalTo("not_found_error"));
    }

    @Test
    void aRequestWithoutMessagesIsA400InAnthropicsShape() {
        client(Fleet.fundedKey(redis, 1_000_000).secret()).body("{\"model\":\"test-ok\"}").when().post(PATH).then()
                .statusCode(400)
                .body("type", equalTo("error"))
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.message", startsWith("messages:"));
    }

    @Test
    void aKeyRestrictedToOtherModelsIsRefused() {
        client(Fleet.fundedKeyFor(redis, List.of("test-free")).secret()).body(body("test-ok")).when().post(PATH)
                .then().statusCode(403)
                .body("error.type", equalTo("permission_error"));
    }

    @Test
    void aWrongKeyIs401() {
        client("relay_sk_wrong").body(body("test-ok")).when().post(PATH).then().statusCode(401)
                .body("error.type", equalTo("authentication_error"));
    }
}
