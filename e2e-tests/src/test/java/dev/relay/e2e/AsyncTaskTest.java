package dev.relay.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code async: true} through the real fleet: gateway, task-service, Kafka, the gateway as executor, billing. */
class AsyncTaskTest {

    private static final String MODEL = "Qwen/Qwen3-Coder";
    private static Fleet fleet;

    @BeforeAll
    static void startFleet() throws Exception {
        fleet = Fleet.start();
    }

    @Test
    void asyncChatCompletesOnAWorkerAndIsDebitedExactlyItsUsageCost() {
        Account account = Account.funded(fleet, 5_000_000);

        String taskId = given().baseUri(fleet.baseUrl).header("Authorization", "Bearer " + account.key())
                .contentType("application/json")
                .body(Map.of("model", MODEL, "async", true, "max_tokens", 32,
                        "messages", List.of(Map.of("role", "user", "content", "Hello"))))
                .post("/v1/chat/completions")
                .then().statusCode(202)
                .body("task_id", matchesPattern("direct:[0-9a-f-]{36}"))
                .body("status", equalTo("queued"))
                .body("poll_url", notNullValue())
                .extract().path("task_id");

        AtomicReference<JsonPath> finished = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            JsonPath task = given().baseUri(fleet.baseUrl).header("Authorization", "Bearer " + account.key())
                    .get("/v2/tasks/" + taskId + "?wait=20").then().statusCode(200).extract().jsonPath();
            finished.set(task);
            return !List.of("queued", "running").contains(task.getString("status"));
        });

        JsonPath task = finished.get();
        assertEquals("completed", task.getString("status"), task.prettify());
        assertEquals(taskId, task.getString("result.task_id"));
        assertEquals("assistant", task.getString("result.choices[0].message.role"));
        long prompt = task.getLong("result.usage.prompt_tokens");
        long completion = task.getLong("result.usage.completion_tokens");
        assertTrue(completion > 0);
        long cost = Prices.of(fleet, MODEL).cost(prompt, completion);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertEquals(5_000_000 - cost, account.balanceMicro()));
    }

    @Test
    void pollOfATaskThatDoesNotExistIsNotFoundInTheOpenAiEnvelope() {
        Account account = Account.funded(fleet, 1_000_000);

        given().baseUri(fleet.baseUrl).header("Authorization", "Bearer " + account.key())
                .get("/v2/tasks/direct:no-such-task")
                .then().statusCode(404)
                .body("error.code", equalTo("task_not_found"))
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.message", notNullValue());
    }
}
