package dev.relay.task;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.task.support.TaskTopics;
import dev.relay.task.support.Tasks;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class TaskCreationTest {

    @Test
    void createdTaskIsQueuedForItsAccount() {
        String account = "acct-" + UUID.randomUUID();
        String taskId = Tasks.newTaskId();

        Tasks.submit(Tasks.submission(taskId, account)).then().statusCode(201)
                .body("task_id", equalTo(taskId))
                .body("status", equalTo("queued"));

        Tasks.poll(taskId, account).then().statusCode(200)
                .body("task_id", equalTo(taskId))
                .body("status", equalTo("queued"))
                .body("mode", equalTo("direct"))
                .body("model", equalTo("Qwen/Qwen3-Coder"))
                .body("created_at", notNullValue())
                .body("result", nullValue())
                .body("error", nullValue());
    }

    @Test
    void createdTaskIsPublishedForExecutorsKeyedByTaskIdWithWhatTheyNeed() {
        String account = "acct-" + UUID.randomUUID();
        String taskId = Tasks.newTaskId();
        Map<String, Object> submission = Tasks.submission(taskId, account);
        Tasks.submit(submission).then().statusCode(201);

        TaskTopics.Requested requested = TaskTopics.requestedFor(taskId).get(0);
        JsonNode task = requested.event().path("task");
        assertEquals(taskId, requested.recordKey());
        assertEquals(false, requested.event().path("eventId").asText().isEmpty());
        assertEquals(taskId, task.path("taskId").asText());
        assertEquals("chat", task.path("kind").asText());
        assertEquals(account, task.path("accountId").asText());
        assertEquals("key-" + account, task.path("keyId").asText());
        assertEquals("pro", task.path("tier").asText());
        assertEquals("direct", task.path("mode").asText());
        assertEquals(submission.get("reservationId"), task.path("reservationId").asText());
        assertEquals(1234, task.path("reservedMicro").asLong());
        assertEquals("hello", task.path("body").path("messages").path(0).path("content").asText());
        assertEquals(16, task.path("body").path("max_tokens").asInt());
        assertEquals("req-" + taskId, task.path("requestId").asText(), "its usage is listed under the request's id");
    }

    @Test
    void submittingTheSameTaskAgainAcceptsItWithoutASecondTask() {
        String account = "acct-" + UUID.randomUUID();
        String taskId = Tasks.newTaskId();
        Map<String, Object> submission = Tasks.submission(taskId, account);
        String created = Tasks.submit(submission).then().statusCode(201).extract().path("created_at");

        Tasks.submit(submission).then().statusCode(201).body("task_id", equalTo(taskId))
                .body("created_at", equalTo(created));
    }

    @Test
    void taskIdOfAnotherAccountsTaskIsAConflict() {
        String taskId = Tasks.queued("acct-" + UUID.randomUUID());

        Tasks.submit(Tasks.submission(taskId, "acct-" + UUID.randomUUID())).then().statusCode(409)
                .body("error.code", equalTo("conflict"))
                .body("error.param", equalTo("taskId"));
    }

    @Test
    void taskIdThatIsNotModeColonUuidIsRefusedInTheOpenAiEnvelope() {
        Tasks.submit(Tasks.submission("direct:not-a-uuid", "acct-" + UUID.randomUUID())).then().statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.code", equalTo("invalid_value"))
                .body("error.param", equalTo("taskId"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"image", "speech", "transcription", "video"})
    void mediaKindsAreAcceptedAndPublishedAsSuch(String kind) {
        String taskId = Tasks.newTaskId();
        Map<String, Object> submission = Tasks.submission(taskId, "acct-" + UUID.randomUUID());
        submission.put("kind", kind);

        Tasks.submit(submission).then().statusCode(201).body("status", equalTo("queued"));

        assertEquals(kind, TaskTopics.requestedFor(taskId).get(0).event().path("task").path("kind").asText());
    }

    @Test
    void unknownKindIsRefusedNamingTheKnownOnes() {
        Map<String, Object> submission = Tasks.submission(Tasks.newTaskId(), "acct-" + UUID.randomUUID());
        submission.put("kind", "embedding");

        Tasks.submit(submission).then().statusCode(400)
                .body("error.code", equalTo("invalid_value"))
                .body("error.param", equalTo("kind"))
                .body("error.message", containsString("chat, image, speech, transcription, video"));
    }

    @Test
    void unreadableBodyIsRefusedInTheOpenAiEnvelope() {
        io.restassured.RestAssured.given().contentType("application/json").body("{\"taskId\": ")
                .post("/internal/tasks").then().statusCode(400)
                .body("error.type", equalTo("invalid_request_error"));
    }

    /** PostgreSQL refuses to store NUL at all; no other control character belongs in these fields either. */
    @ParameterizedTest
    @ValueSource(strings = {"accountId", "keyId", "tier", "model", "reservationId"})
    void storedTextWithAControlCharacterIsRefusedNamingTheField(String field) {
        Map<String, Object> submission = Tasks.submission(Tasks.newTaskId(), "acct-" + UUID.randomUUID());
        submission.put(field, "a\u0000b");

        Tasks.submit(submission).then().statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.code", equalTo("invalid_value"))
                .body("error.param", equalTo(field));
    }

    @Test
    void controlCharactersInsideTheChatRequestAreKept() {
        String account = "acct-" + UUID.randomUUID();
        String taskId = Tasks.newTaskId();
        Map<String, Object> submission = Tasks.submission(taskId, account);
        submission.put("body", Map.of("model", "Qwen/Qwen3-Coder", "messages",
                List.of(Map.of("role", "user", "content", "a\u0000b"))));

        Tasks.submit(submission).then().statusCode(201);

        assertEquals("a\u0000b", TaskTopics.requestedFor(taskId).get(0).event()
                .path("task").path("body").path("messages").path(0).path("content").asText());
    }
}
