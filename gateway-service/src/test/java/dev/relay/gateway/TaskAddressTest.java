package dev.relay.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.gateway.fleet.FakeFleet;
import dev.relay.gateway.fleet.Fleet;
import dev.relay.gateway.fleet.UsageEvents;
import dev.relay.opengpu.TaskBook;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An answer in opengpu mode names where its task lives on the OpenGPU chain ({@code task_address}): the address its
 * task id has in the TaskBook of the configured operator ({@code %test.relay.opengpu.operator}). A direct answer's
 * is null. {@code test-opengpu} is sent to opengpu by the fake router, {@code test-ok} to direct.
 */
@QuarkusTest
@WithTestResource(FakeFleet.class)
class TaskAddressTest {

    static final String OPERATOR = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
    static final TaskBook BOOK = TaskBook.operatedBy(OPERATOR);

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    RedisDataSource redis;

    private Response chat(String model, String extra) {
        return given().header("X-API-Key", Fleet.fundedKey(redis, 1_000_000).secret()).contentType("application/json")
                .body(ChatCompletionTest.HELLO.formatted(model, extra)).when().post("/v1/chat/completions");
    }

    /** The {@code data:} chunks of a streamed answer, parsed. */
    private List<JsonNode> chunks(Response streamed) {
        String body = streamed.then().statusCode(200).extract().asString();
        List<JsonNode> chunks = body.lines().filter(line -> line.startsWith("data: {"))
                .map(line -> read(line.substring("data: ".length()))).toList();
        assertFalse(chunks.isEmpty(), body);
        return chunks;
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    @Test
    void anOpengpuAnswerNamesItsTasksAddressInTheOperatorsTaskBook() {
        Response answer = chat("test-opengpu", "");
        answer.then().statusCode(200).body("mode", equalTo("opengpu")).body("task_id", startsWith("opengpu:"));

        String taskId = answer.path("task_id");
        assertEquals(BOOK.taskAddress(taskId), answer.path("task_address"));
    }

    @Test
    void theUsageEventOfAnAnswerNamesTheTaskItsAnswerNamed() {
        Response answer = chat("test-opengpu", "");
        answer.then().statusCode(200);

        List<JsonNode> events = UsageEvents.forRequest(answer.header("x-request-id"));
        assertEquals(1, events.size());
        assertEquals(answer.<String>path("task_id"), events.get(0).path("taskId").asText(),
                "settlement-service pays the provider under this id, at the address the answer named");
    }

    @Test
    void anthropicAndOllamaAnswersNameTheirTaskInHeaders() {
        String key = Fleet.fundedKey(redis, 1_000_000).secret();
        Response anthropic = given().header("x-api-key", key).contentType("application/json")
                .body("{\"model\":\"test-opengpu\",\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .when().post("/v2/anthropic/v1/messages");
        Response ollama = given().header("X-API-Key", key).contentType("application/json")
                .body("{\"model\":\"test-opengpu\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .when().post("/v2/ollama/api/chat");

        for (Response answer : List.of(anthropic, ollama)) {
            answer.then().statusCode(200).header("x-relay-mode", "opengpu");
            String taskId = answer.header("x-relay-task-id");
            assertTrue(taskId.startsWith("opengpu:"), taskId);
            assertEquals(BOOK.taskAddress(taskId), answer.header("x-relay-task-address"));
        }
    }

    @Test
    void aDirectAnswerNamesItsTaskInHeadersWithoutAnAddress() {
        Response answer = chat("test-ok", "");
        answer.then().statusCode(200).header("x-relay-mode", "direct").header("x-relay-task-address", nullValue());
        assertEquals(answer.<String>path("task_id"), answer.header("x-relay-task-id"));
    }

    @Test
    void aDirectAnswersTaskAddressIsNull() {
        chat("test-ok", "").then().statusCode(200)
                .body("mode", equalTo("direct"))
                .body("$", hasKey("task_address"))
                .body("task_address", nullValue());
    }

    @Test
    void everyChunkOfAnOpengpuStreamNamesItsTasksAddress() {
        List<JsonNode> chunks = chunks(chat("test-opengpu", "\"stream\":true,"));

        String taskId = chunks.get(0).path("task_id").asText();
        assertTrue(taskId.startsWith("opengpu:"), chunks.get(0).toString());
        for (JsonNode chunk : chunks) {
            assertEquals(taskId, chunk.path("task_id").asText(), chunk.toString());
            assertEquals("opengpu", chunk.path("mode").asText(), chunk.toString());
            assertEquals(BOOK.taskAddress(taskId), chunk.path("task_address").asText(), chunk.toString());
        }
    }

    @Test
    void everyChunkOfADirectStreamHasANullTaskAddress() {
        for (JsonNode chunk : chunks(chat("test-ok", "\"stream\":true,"))) {
            assertTrue(chunk.has("task_address") && chunk.get("task_address").isNull(), chunk.toString());
        }
    }
}
