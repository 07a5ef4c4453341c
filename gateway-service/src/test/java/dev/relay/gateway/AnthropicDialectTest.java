package dev.relay.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.fleet.FakeFleet;
import dev.relay.gateway.fleet.Fleet;
import dev.relay.gateway.fleet.UsageEvents;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(FakeFleet.class)
class AnthropicDialectTest {

    static final String PATH = "/v2/anthropic/v1/messages";

    @Inject
    RedisDataSource redis;

    RequestSpecification client(String requestId) {
        return given().header("x-api-key", Fleet.fundedKey(redis, 1_000_000).secret()).header("x-request-id", requestId)
                .header("anthropic-version", "2023-06-01").contentType("application/json");
    }

    static String body(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":64,\"stream\":" + stream + ",\"system\":\"be brief\","
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"say hello\"}]}]}";
    }

    /** A streamed answer (status 200) as text. */
    String streamed(String body) {
        return client(UUID.randomUUID().toString()).body(body).when().post(PATH).then().statusCode(200).extract()
                .asString();
    }

    @Test
    void messageIsAnsweredInTheAnthropicShapeAndMetered() {
        String requestId = UUID.randomUUID().toString();
        client(requestId).body(body("test-ok", false)).when().post(PATH).then().statusCode(200)
                .body("type", equalTo("message"))
                .body("id", startsWith("msg_"))
                .body("role", equalTo("assistant"))
                .body("content[0].type", equalTo("text"))
                .body("content[0].text", equalTo("hello from the fake worker"))
                .body("stop_reason", equalTo("end_turn"))
                .body("usage.input_tokens", equalTo(7))
                .body("usage.output_tokens", equalTo(5));
        var sent = Fleet.lastBodySeenBy("ok");
        assertEquals("system", sent.getJsonArray("messages").getJsonObject(0).getString("role"));
        assertEquals(64, sent.getInteger("max_tokens"));
        assertEquals(5, UsageEvents.forRequest(requestId).get(0).path("completionTokens").asLong());
    }

    @Test
    void streamFollowsTheAnthropicEventSequence() {
        String text = streamed(body("test-ok", true));
        Matcher events = Pattern.compile("(?m)^event: (\\w+)$").matcher(text);
        List<String> names = events.results().map(m -> m.group(1)).distinct().toList();
        assertEquals(List.of("message_start", "content_block_start", "content_block_delta", "content_block_stop",
                "message_delta", "message_stop"), names);
        assertTrue(text.contains("\"text_delta\""), text);
        assertTrue(text.contains("\"output_tokens\":5"), text);
    }

    @Test
    void midStreamFailureIsAnErrorEventNotAMessageStop() {
        String text = streamed(body("test-midfail", true));
        assertTrue(text.contains("event: error"), text);
        assertFalse(text.contains("message_stop"), text);
    }

    @Test
    void aWorkerDyingAfterAChunkWithoutContentFailsOverAsNothingWasWritten() {
        String text = streamed(body("test-rolefail", true));
        assertTrue(text.contains("\"text\":\"hello\""), text);
        assertTrue(text.contains("event: message_stop"), text);
        assertFalse(text.contains("event: error"), text);
    }

    @Test
    void errorsUseTheAnthropicShape() {
        given().header("x-api-key", "relay_sk_wrong00000000000000000000000000").contentType("application/json")
                .body(body("test-ok", false)).when().post(PATH).then().statusCode(401)
                .body("type", equalTo("error"))
                .body("error.type", equalTo("authentication_error"));
        client(UUID.randomUUID().toString()).body(body("no-such-model", false)).when().post(PATH).then()
                .statusCode(404).body("error.type", equalTo("not_found_error"));
    }

    @Test
    void missingMaxTokensIsAnInvalidRequest() {
        client(UUID.randomUUID().toString())
                .body("{\"model\":\"test-ok\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .when().post(PATH).then().statusCode(400).body("error.type", equalTo("invalid_request_error"));
    }
}
