package dev.relay.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.contracts.RedisKeys;
import dev.relay.gateway.fleet.Eventually;
import dev.relay.gateway.fleet.FakeFleet;
import dev.relay.gateway.fleet.Fleet;
import dev.relay.gateway.fleet.Fleet.TestKey;
import dev.relay.gateway.fleet.UsageEvents;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(FakeFleet.class)
class ChatCompletionTest {

    static final String HELLO = "{\"model\":\"%s\",\"max_tokens\":50,\"mode\":\"auto\",%s"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"say hello\"}]}";

    @Inject
    RedisDataSource redis;

    static Response chat(TestKey key, String model, String extra, String requestId) {
        return given().header("X-API-Key", key.secret()).header("x-request-id", requestId)
                .contentType("application/json").body(HELLO.formatted(model, extra))
                .when().post("/v1/chat/completions");
    }

    @Test
    void paidRequestReturnsAChatCompletionWithRelayFields() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        chat(key, "test-ok", "", UUID.randomUUID().toString()).then().statusCode(200)
                .body("object", equalTo("chat.completion"))
                .body("id", startsWith("chatcmpl-"))
                .body("model", equalTo("test-ok"))
                .body("choices[0].message.content", equalTo("hello from the fake worker"))
                .body("usage.completion_tokens", equalTo(5))
                .body("task_id", startsWith("direct:"))
                .body("mode", equalTo("direct"));
    }

    @Test
    void paidRequestPublishesExactlyOneUsageEventWithTheWorkersCountsAndTheReservation() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        String requestId = UUID.randomUUID().toString();
        chat(key, "test-ok", "", requestId).then().statusCode(200);

        List<JsonNode> events = UsageEvents.forRequest(requestId);
        assertEquals(1, events.size());
        JsonNode event = events.get(0);
        assertEquals(key.accountId(), event.path("_key").asText());
        assertEquals(key.accountId(), event.path("accountId").asText());
        assertEquals(key.keyId(), event.path("keyId").asText());
        assertEquals(7, event.path("promptTokens").asLong());
        assertEquals(5, event.path("completionTokens").asLong());
        assertEquals("completed", event.path("outcome").asText());
        assertEquals("ok", event.path("workerId").asText());
        // Worst case: the prompt's token bound ("user\nsay hello\n" = 15 bytes + 24 template + 24 per message)
        // at 1 micro per token, plus 50 output tokens at 2 micros.
        assertEquals(63 + 100, event.path("reservedMicro").asLong());
        assertTrue(event.path("reservationId").asText().startsWith("res_"));
        // The price the hold was worked out at, which billing charges if a raise came in meanwhile.
        assertEquals(FakeFleet.TEST_OK_PRICE_VERSION, event.path("priceVersion").asInt());
    }

    @Test
    void aWorkerSayingItCountedMoreThanTheRequestAllowsIsBilledWhatTheRequestAllows() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        String requestId = UUID.randomUUID().toString();
        JsonPath answer = given().header("X-API-Key", key.secret()).header("x-request-id", requestId)
                .contentType("application/json").body("{\"model\":\"test-ok\",\"max_tokens\":50,\"messages\":[{\"role\":"
                        + "\"user\",\"content\":\"" + Fleet.COUNTS_A_TRILLION + "\"}]}")
                .when().post("/v1/chat/completions").then().statusCode(200).extract().jsonPath();

        JsonNode event = UsageEvents.forRequest(requestId).get(0);
        assertEquals(50, event.path("completionTokens").asLong(), "n times max_tokens at most");
        // The hold is the prompt's bound at 1 micro a token and 50 output tokens at 2: the prompt is billed at most
        // twice that bound and 1,024 tokens of chat template more.
        long promptBound = event.path("reservedMicro").asLong() - 2 * 50;
        assertEquals(2 * promptBound + 1_024, event.path("promptTokens").asLong());
        assertEquals(event.path("promptTokens").asLong(), answer.getLong("usage.prompt_tokens"), "the client sees it");
        assertEquals(50, answer.getLong("usage.completion_tokens"));
    }

    @Test
    void aCompressedBodyIs415SayingSoNotAConfusingJsonError() throws Exception {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzipped)) {
            out.write(HELLO.formatted("test-ok", "").getBytes(StandardCharsets.UTF_8));
        }
        given().header("X-API-Key", key.secret()).header("Content-Encoding", "gzip").contentType("application/json")
                .body(gzipped.toByteArray()).when().post("/v1/chat/completions").then().statusCode(415)
                .body("error.code", equalTo("unsupported_content_encoding"))
                .body("error.message", containsString("gzip"));
    }

    @Test
    void requestWithoutAnOutputLimitIsCappedAtTheReservedBudget() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        String requestId = UUID.randomUUID().toString();
        given().header("X-API-Key", key.secret()).header("x-request-id", requestId).contentType("application/json")
                .body("{\"model\":\"test-ok\",\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"say hello\"}]}")
                .when().post("/v1/chat/completions").then().statusCode(200);
        // The price list's default of 100 tokens is what was reserved, so it is what the worker may generate.
        assertEquals(100, Fleet.lastBodySeenBy("ok").getInteger("max_tokens"));
        assertEquals(63 + 2 * 100 * 2, UsageEvents.forRequest(requestId).get(0).path("reservedMicro").asLong());
    }

    @Test
    void workerGetsItsOwnModelIdAndNoRelayFields() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        chat(key, "test-ok", "\"custom_field\":1,", UUID.randomUUID().toString()).then().statusCode(200);
        var body = Fleet.lastBodySeenBy("ok");
        assertEquals("worker-ok", body.getString("model"));
        assertFalse(body.containsKey("mode"));
        assertEquals(1, body.getInteger("custom_field"));
    }

    @Test
    void everyStreamedChunkCarriesTheTaskIdAndMode() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        String body = chat(key, "test-ok", "\"stream\":true,", UUID.randomUUID().toString()).then().statusCode(200)
                .extract().asString();

        List<String> chunks = body.lines().filter(line -> line.startsWith("data: {")).toList();
        assertFalse(chunks.isEmpty(), body);
        String taskId = chunks.get(0).replaceAll(".*\"task_id\":\"(direct:[0-9a-f-]+)\".*", "$1");
        assertTrue(taskId.startsWith("direct:"), chunks.get(0));
        assertTrue(chunks.stream().allMatch(c -> c.contains("\"task_id\":\"" + taskId + "\"")
                && c.contains("\"mode\":\"direct\"")), body);
    }

    @Test
    void streamingEndsWithDoneAndPublishesTheWorkersUsage() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        String requestId = UUID.randomUUID().toString();
        String body = chat(key, "test-ok", "\"stream\":true,", requestId).then().statusCode(200)
                .header("Content-Type", startsWith("text/event-stream")).extract().asString();

        assertTrue(body.contains("\"content\":\"hello\""), body);
        assertTrue(body.contains("chat.completion.chunk"), body);
        assertTrue(body.trim().endsWith("data: [DONE]"), body);
        assertFalse(body.contains("\"usage\""), "usage chunk only when the client asks for it: " + body);
        assertTrue(Fleet.lastBodySeenBy("ok").getJsonObject("stream_options").getBoolean("include_usage"));
        JsonNode event = UsageEvents.forRequest(requestId).get(0);
        assertEquals(7, event.path("promptTokens").asLong());
        assertEquals(5, event.path("completionTokens").asLong());
        assertEquals("completed", event.path("outcome").asText());
    }

    @Test
    void streamingClientThatAsksForUsageGetsTheUsageChunk() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        String body = chat(key, "test-ok", "\"stream\":true,\"stream_options\":{\"include_usage\":true},",
                UUID.randomUUID().toString()).then().statusCode(200).extract().asString();
        assertTrue(body.contains("\"completion_tokens\":5"), body);
    }

    @Test
    void failoverSkipsUnreachableAndFailingWorkersBeforeTheFirstByte() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        int boomCalls = Fleet.callsSeenBy("boom");
        String requestId = UUID.randomUUID().toString();
        chat(key, "test-failover", "", requestId).then().statusCode(200)
                .body("choices[0].message.content", equalTo("hello from the fake worker"));
        assertEquals(boomCalls + 1, Fleet.callsSeenBy("boom"));
        List<JsonNode> events = UsageEvents.forRequest(requestId);
        assertEquals(1, events.size());
        assertEquals("ok", events.get(0).path("workerId").asText());
    }

    @Test
    void aWorkersOwn429IsNotTheClientsTheNextWorkerServesTheRequest() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        String requestId = UUID.randomUUID().toString();
        chat(key, "test-crowded", "", requestId).then().statusCode(200);
        assertEquals("ok", UsageEvents.forRequest(requestId).get(0).path("workerId").asText());
    }

    @Test
    void whenEveryWorkerIsBusyTheAnswerIs503WithRetryAfterAndNothingIsBilled() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        String requestId = UUID.randomUUID().toString();
        chat(key, "test-crowded-only", "", requestId).then().statusCode(503)
                .header("Retry-After", equalTo("1"))
                .body("error.code", equalTo("service_unavailable"));
        JsonNode event = UsageEvents.forRequest(requestId).get(0);
        assertEquals(0, event.path("promptTokens").asLong() + event.path("completionTokens").asLong());
    }

    @Test
    void workerRefusalIsPassedThroughWithoutFailoverAndReleasesTheReservation() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        String requestId = UUID.randomUUID().toString();
        chat(key, "test-picky", "", requestId).then().statusCode(400)
                .body("error.message", equalTo("picky worker says no"));
        JsonNode event = UsageEvents.forRequest(requestId).get(0);
        assertEquals("failed", event.path("outcome").asText());
        assertEquals(0, event.path("completionTokens").asLong());
        assertEquals("picky", event.path("workerId").asText());
        // Named for billing to release, and given back once the event is in Kafka: nothing of it stays held.
        String reservationId = event.path("reservationId").asText();
        assertTrue(reservationId.startsWith("res_"), event.toString());
        assertTrue(event.path("reservedMicro").asLong() > 0, event.toString());
        Eventually.until(() -> {
            String held = redis.hash(String.class).hget(RedisKeys.reservations(key.accountId()), reservationId);
            return held == null || "0".equals(held);
        }, Duration.ofSeconds(10), "the refused request's hold given back");
    }

    @Test
    void requestsAWorkerRefusesDoNotCountAgainstItsHealth() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        long releasedBefore = Fleet.signalCount("picky", "released", true);
        for (int i = 0; i < 3; i++) {
            chat(key, "test-picky", "", UUID.randomUUID().toString()).then().statusCode(400);
        }

        Eventually.until(() -> Fleet.signalCount("picky", "released", true) >= releasedBefore + 3, Duration.ofSeconds(10),
                "the worker released by the three requests it refused");
        assertEquals(0, Fleet.signalCount("picky", "finished", false), "a client's bad requests would eject the worker");
    }

    @Test
    void workerFailingMidStreamEndsTheStreamWithAnExplicitErrorEvent() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        String requestId = UUID.randomUUID().toString();
        String body = chat(key, "test-midfail", "\"stream\":true,", requestId).then().statusCode(200)
                .extract().asString();

        assertTrue(body.contains("\"content\":\"hello\""), body);
        assertTrue(body.contains("\"code\":\"upstream_error\""), body);
        assertTrue(body.contains("upstream worker failed mid-stream"), body);
        assertFalse(body.contains("[DONE]"), body);
        JsonNode event = UsageEvents.forRequest(requestId).get(0);
        assertEquals("failed", event.path("outcome").asText());
        assertEquals(2, event.path("completionTokens").asLong(), "the two streamed tokens are counted");
    }

    @Test
    void aStreamCutShortIsBilledForItsReasoningAndToolCallDeltasToo() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        String requestId = UUID.randomUUID().toString();
        chat(key, "test-toolfail", "\"stream\":true,", requestId).then().statusCode(200);

        JsonNode event = UsageEvents.forRequest(requestId).get(0);
        assertEquals("failed", event.path("outcome").asText());
        // One for the reasoning delta, one for the call's start, two for the 8-byte fragment of its arguments.
        assertEquals(4, event.path("completionTokens").asLong());
    }

    @Test
    void slowWorkerGivesGatewayTimeoutAndReleasesTheReservation() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        String requestId = UUID.randomUUID().toString();
        chat(key, "test-slow", "", requestId).then().statusCode(504)
                .body("error.type", equalTo("server_error"));
        JsonNode event = UsageEvents.forRequest(requestId).get(0);
        assertEquals("failed", event.path("outcome").asText());
        assertEquals(0, event.path("promptTokens").asLong());
        assertEquals(0, event.path("completionTokens").asLong());
        assertNotNull(event.path("reservationId").textValue());
    }

    @Test
    void ollamaWorkerAnswerIsTranslatedToOpenAi() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        String requestId = UUID.randomUUID().toString();
        chat(key, "test-ollama", "", requestId).then().statusCode(200)
                .body("choices[0].message.content", equalTo("hi from ollama"))
                .body("choices[0]", hasKey("logprobs"))
                .body("usage.prompt_tokens", equalTo(9));
        assertEquals(50, Fleet.lastBodySeenBy("ollama").getJsonObject("options").getInteger("num_predict"));
        assertEquals(4, UsageEvents.forRequest(requestId).get(0).path("completionTokens").asLong());
    }

    @Test
    void ollamaStreamIsTranslatedToSseChunks() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        String body = chat(key, "test-ollama", "\"stream\":true,", UUID.randomUUID().toString()).then()
                .statusCode(200).extract().asString();
        assertTrue(body.contains("\"content\":\" ollama\""), body);
        assertTrue(body.trim().endsWith("data: [DONE]"), body);
    }
}
