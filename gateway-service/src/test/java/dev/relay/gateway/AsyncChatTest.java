package dev.relay.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.contracts.RedisKeys;
import dev.relay.gateway.fleet.FakeFleet;
import dev.relay.gateway.fleet.Fleet;
import dev.relay.gateway.fleet.Fleet.TestKey;
import dev.relay.gateway.fleet.UsageEvents;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code async: true}: admitted like any chat request, handed to task-service, answered 202 with where to poll. */
@QuarkusTest
@WithTestResource(FakeFleet.class)
class AsyncChatTest {

    private static final String ASYNC = "{\"model\":\"%s\",\"max_tokens\":50,\"async\":true,\"mode\":\"auto\","
            + "\"messages\":[{\"role\":\"user\",\"content\":\"say hello\"}]}";
    private static final String TASK_ID = "direct:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Inject
    RedisDataSource redis;

    private static Response submit(String path, TestKey key, String model, String requestId) {
        var request = given().header("x-request-id", requestId).contentType("application/json")
                .body(ASYNC.formatted(model));
        return (key == null ? request : request.header("Authorization", "Bearer " + key.secret())).post(path);
    }

    @Test
    void asyncRequestIsAcceptedWithATaskToPoll() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);

        submit("/v1/chat/completions", key, "test-ok", UUID.randomUUID().toString()).then().statusCode(202)
                .header("x-ratelimit-remaining-requests", notNullValue())
                .header("x-relay-task-id", matchesPattern(TASK_ID))
                .header("x-relay-mode", equalTo("direct"))
                .body("task_id", matchesPattern(TASK_ID))
                .body("status", equalTo("queued"))
                .body("poll_url", matchesPattern("/v2/tasks/" + TASK_ID))
                .body("message", notNullValue());
    }

    @Test
    void asyncRequestIsAcceptedOnTheStrictEndpointsToo() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);

        submit("/v2/openai/v1/chat/completions", key, "test-ok", UUID.randomUUID().toString()).then().statusCode(202)
                .body("task_id", matchesPattern(TASK_ID));
        submit("/v2/vllm/v1/chat/completions", key, "test-ok", UUID.randomUUID().toString()).then().statusCode(202)
                .body("task_id", matchesPattern(TASK_ID));
    }

    @Test
    void acceptedTaskCarriesTheHeldCreditAndTheRequestAsAWorkerGetsIt() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        String requestId = UUID.randomUUID().toString();
        String taskId = submit("/v1/chat/completions", key, "test-ok", requestId)
                .then().statusCode(202).extract().path("task_id");

        JsonObject task = Fleet.taskSubmitted(taskId);
        assertEquals("chat", task.getString("kind"));
        assertEquals(requestId, task.getString("requestId"), "the task's usage is listed under it");
        assertEquals(key.accountId(), task.getString("accountId"));
        assertEquals(key.keyId(), task.getString("keyId"));
        assertEquals("direct", task.getString("mode"));
        assertEquals("test-ok", task.getString("model"));
        // The worst case, as for a synchronous request: 63 micros of prompt bound, 50 output tokens at 2 micros.
        assertEquals(63 + 100, task.getLong("reservedMicro"));
        assertEquals(163L, redis.hash(Long.class).hget(RedisKeys.reservations(key.accountId()),
                task.getString("reservationId")));
        JsonObject body = task.getJsonObject("body");
        assertEquals(50, body.getInteger("max_tokens"));
        assertFalse(body.containsKey("async"));
        assertFalse(body.containsKey("mode"));
    }

    @Test
    void asyncRequestWithoutAKeyIsRefusedInTheOpenAiEnvelope() {
        submit("/v1/chat/completions", null, "test-free", UUID.randomUUID().toString()).then().statusCode(401)
                .body("error.code", equalTo("invalid_api_key"))
                .body("error.type", equalTo("invalid_request_error"));
    }

    @Test
    void asyncRequestTaskServiceCannotTakeIsUnavailableAndReleasesItsHold() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        String requestId = UUID.randomUUID().toString();

        submit("/v1/chat/completions", key, "test-unqueued", requestId).then().statusCode(503)
                .body("error.code", equalTo("service_unavailable"));

        List<JsonNode> events = UsageEvents.forRequest(requestId);
        assertEquals(1, events.size());
        JsonNode release = events.get(0);
        assertEquals("failed", release.path("outcome").asText());
        assertEquals(0, release.path("promptTokens").asLong());
        assertEquals(0, release.path("completionTokens").asLong());
        assertTrue(release.path("reservedMicro").asLong() > 0, release.toString());
        // Named after the task, so that the task, should it run all the same, is charged at most once.
        assertTrue(release.path("eventId").asText().matches("task:" + TASK_ID), release.path("eventId").asText());
    }

    @Test
    void anAsyncRequestNoWorkerCanServeAsAskedIsRefusedAtOnceAsASynchronousOneIs() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        String requestId = UUID.randomUUID().toString();
        given().header("Authorization", "Bearer " + key.secret()).header("x-request-id", requestId)
                .contentType("application/json")
                .body("{\"model\":\"test-ollama\",\"n\":2,\"async\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/chat/completions").then().statusCode(400)
                .body("error.param", equalTo("n"));

        List<JsonNode> events = UsageEvents.forRequest(requestId);
        assertEquals(1, events.size());
        assertEquals("failed", events.get(0).path("outcome").asText());
        assertEquals(0, events.get(0).path("promptTokens").asLong());
    }

    @Test
    void asyncRequestCannotAlsoStream() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        given().header("Authorization", "Bearer " + key.secret()).contentType("application/json")
                .body("{\"model\":\"test-ok\",\"stream\":true,\"async\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/chat/completions").then().statusCode(400)
                .body("error.type", equalTo("invalid_request_error"));
    }

    @Test
    void pollOfAnUnknownTaskIsTaskNotFound() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);

        given().header("Authorization", "Bearer " + key.secret()).get("/v2/tasks/direct:" + UUID.randomUUID())
                .then().statusCode(404)
                .body("error.code", equalTo("task_not_found"))
                .body("error.type", equalTo("invalid_request_error"));
    }

    @Test
    void pollOfAnotherAccountsTaskIsTaskNotFound() {
        String taskId = submit("/v1/chat/completions", Fleet.fundedKey(redis, 1_000_000), "test-ok",
                UUID.randomUUID().toString()).then().statusCode(202).extract().path("task_id");

        given().header("Authorization", "Bearer " + Fleet.fundedKey(redis, 1_000_000).secret())
                .get("/v2/tasks/" + taskId).then().statusCode(404).body("error.code", equalTo("task_not_found"));
    }

    @Test
    void pollAnswersTaskServicesViewOfTheCallersTaskAndPassesTheWait() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        String taskId = submit("/v1/chat/completions", key, "test-ok", UUID.randomUUID().toString())
                .then().statusCode(202).extract().path("task_id");

        given().header("Authorization", "Bearer " + key.secret()).get("/v2/tasks/" + taskId + "?wait=7")
                .then().statusCode(200)
                .header("x-ratelimit-remaining-requests", notNullValue())
                .body("task_id", equalTo(taskId))
                .body("status", equalTo("queued"))
                .body("_wait", equalTo("7"));
    }

    // What the overhead leaves out of task-service's time is RequestTimingTest's; here, that these answers carry it.
    @Test
    void aSubmissionTaskServiceTookItsTimeToTakeIsAnsweredWithTheGatewaysOverhead() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        given().header("Authorization", "Bearer " + key.secret()).contentType("application/json")
                .body(ASYNC.formatted("test-ok")
                        .replace("\"async\":true", "\"async\":true,\"user\":\"" + Fleet.SLOW_TO_QUEUE + "\""))
                .post("/v1/chat/completions").then().statusCode(202)
                .header("x-relay-overhead-ms", matchesPattern("\\d+\\.\\d{3}"));
    }

    @Test
    void aPollTaskServiceHeldForItsWaitIsAnsweredWithTheGatewaysOverhead() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        String taskId = submit("/v1/chat/completions", key, "test-ok", UUID.randomUUID().toString())
                .then().statusCode(202).extract().path("task_id");

        given().header("Authorization", "Bearer " + key.secret())
                .get("/v2/tasks/" + taskId + "?wait=1").then().statusCode(200).body("_wait", equalTo("1"))
                .header("x-relay-overhead-ms", matchesPattern("\\d+\\.\\d{3}"));
    }

    @Test
    void pollWithoutAKeyIsRefused() {
        given().get("/v2/tasks/direct:" + UUID.randomUUID()).then().statusCode(401)
                .body("error.code", equalTo("invalid_api_key"));
    }
}
