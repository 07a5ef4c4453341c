package dev.relay.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.gateway.fleet.FakeFleet;
import dev.relay.gateway.fleet.Fleet;
import dev.relay.gateway.fleet.UsageEvents;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A vLLM worker that fails inside a stream sends an error event and then still [DONE]. That is a broken answer in
 * every dialect: the client sees what was generated before it, then the dialect's error, never a clean end, and the
 * request is metered as failed with the tokens it got.
 */
@QuarkusTest
@WithTestResource(FakeFleet.class)
class WorkerErrorEventTest {

    @Inject
    RedisDataSource redis;

    private RequestSpecification client(String requestId) {
        String key = Fleet.fundedKey(redis, 1_000_000).secret();
        return given().header("X-API-Key", key).header("x-request-id", requestId)
                .header("anthropic-version", "2023-06-01").contentType("application/json");
    }

    private static final String MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"say hello\"}]";

    @Test
    void openAiClientsGetTheTextThenAnErrorEventAndNoDone() {
        String requestId = UUID.randomUUID().toString();
        String body = client(requestId).body("{\"model\":\"test-miderror\",\"stream\":true," + MESSAGES + "}")
                .when().post("/v1/chat/completions").then().statusCode(200).extract().asString();

        assertTrue(body.contains("\"content\":\"hello\""), body);
        assertTrue(body.contains("\"code\":\"upstream_error\""), body);
        assertFalse(body.contains("[DONE]"), body);
        assertFailedWithOneToken(requestId);
    }

    @Test
    void anthropicClientsGetAnErrorEventNotAMessageStop() {
        String requestId = UUID.randomUUID().toString();
        String body = client(requestId)
                .body("{\"model\":\"test-miderror\",\"max_tokens\":50,\"stream\":true," + MESSAGES + "}")
                .when().post("/v2/anthropic/v1/messages").then().statusCode(200).extract().asString();

        assertTrue(body.contains("\"text\":\"hello\""), body);
        assertTrue(body.contains("event: error"), body);
        assertFalse(body.contains("message_stop"), body);
        assertFailedWithOneToken(requestId);
    }

    @Test
    void ollamaClientsGetAnErrorLineNotDone() {
        String requestId = UUID.randomUUID().toString();
        String body = client(requestId).body("{\"model\":\"test-miderror\"," + MESSAGES + "}")
                .when().post("/v2/ollama/api/chat").then().statusCode(200).extract().asString();

        assertTrue(body.contains("\"content\":\"hello\""), body);
        assertTrue(body.strip().lines().reduce((a, b) -> b).orElseThrow().contains("\"error\""), body);
        assertFalse(body.contains("\"done\":true"), body);
        assertFailedWithOneToken(requestId);
    }

    private static void assertFailedWithOneToken(String requestId) {
        JsonNode event = UsageEvents.forRequest(requestId).get(0);
        assertEquals("failed", event.path("outcome").asText());
        assertEquals(1, event.path("completionTokens").asLong(), "the streamed token is counted");
    }
}
