package dev.relay.task;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.relay.task.service.TaskWatch;
import dev.relay.task.support.TaskTopics;
import dev.relay.task.support.Tasks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class TaskPollingTest {

    @Inject
    TaskWatch watch;

    @Test
    void taskOfAnotherAccountIsNotFound() {
        String taskId = Tasks.queued("acct-" + UUID.randomUUID());

        Tasks.poll(taskId, "acct-" + UUID.randomUUID()).then().statusCode(404)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.code", equalTo("task_not_found"));
    }

    @Test
    void unknownTaskIsNotFound() {
        Tasks.poll(Tasks.newTaskId(), "acct-" + UUID.randomUUID()).then().statusCode(404)
                .body("error.code", equalTo("task_not_found"));
    }

    /** Ids are direct:<uuid> or opengpu:<uuid>: anything else, a NUL included, names no task. */
    @ParameterizedTest
    @ValueSource(strings = {"a\u0000", "direct:\u0000", "not-a-task-id"})
    void idThatCannotBeATaskIdIsNotFound(String taskId) {
        // A path parameter, so that the id is sent percent-encoded (a%00) as a gateway sends it.
        given().queryParam("account_id", "acct-" + UUID.randomUUID()).get("/internal/tasks/{id}", taskId)
                .then().statusCode(404)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.code", equalTo("task_not_found"));
    }

    @Test
    void pollForAnAccountIdWithAControlCharacterIsNotFound() {
        String taskId = Tasks.queued("acct-" + UUID.randomUUID());

        Tasks.poll(taskId, "acct-\u0000").then().statusCode(404)
                .body("error.code", equalTo("task_not_found"));
    }

    @Test
    void pollWithoutAnAccountIsRefused() {
        io.restassured.RestAssured.get("/internal/tasks/" + Tasks.newTaskId()).then().statusCode(400)
                .body("error.param", equalTo("account_id"));
    }

    @Test
    void negativeWaitIsRefused() {
        String account = "acct-" + UUID.randomUUID();
        Tasks.poll(Tasks.queued(account), account, -1).then().statusCode(400).body("error.param", equalTo("wait"));
    }

    @Test
    void waitingPollAnswersWithTheResultOnceTheTaskCompletes() {
        String account = "acct-" + UUID.randomUUID();
        String taskId = Tasks.queued(account);
        TaskTopics.running(taskId);
        await("task to run").atMost(Duration.ofSeconds(30))
                .until(() -> "running".equals(Tasks.poll(taskId, account).path("status")));

        CompletableFuture<Response> poll = CompletableFuture.supplyAsync(() -> Tasks.poll(taskId, account, 25));
        await("poll to wait").atMost(Duration.ofSeconds(30)).until(() -> watch.waitingPolls(taskId) == 1);
        assertFalse(poll.isDone(), "a running task's poll answered before the task finished");
        TaskTopics.completed(taskId, Map.of("object", "chat.completion", "choices",
                List.of(Map.of("index", 0, "message", Map.of("role", "assistant", "content", "done")))));

        Response answer = poll.join();
        assertEquals(200, answer.statusCode());
        assertEquals("completed", answer.path("status"));
        assertEquals("done", answer.path("result.choices[0].message.content"));
    }

    /** A task of {@code account} that failed, once task-service has stored it. */
    private static String failedTask(String account) {
        String taskId = Tasks.queued(account);
        TaskTopics.failed(taskId, 404, "model_not_found", "The model is gone");
        await("task to fail").atMost(Duration.ofSeconds(30))
                .until(() -> "failed".equals(Tasks.poll(taskId, account).path("status")));
        return taskId;
    }

    @Test
    void aWaitLongerThanALongHoldsIsTheLongestWaitNotARefusal() {
        String account = "acct-" + UUID.randomUUID();
        String taskId = failedTask(account);

        given().queryParam("account_id", account).queryParam("wait", "99999999999999999999")
                .get("/internal/tasks/" + taskId).then().statusCode(200).body("status", equalTo("failed"));
    }

    @Test
    void waitingPollOfAFinishedTaskAnswersWithIt() {
        String account = "acct-" + UUID.randomUUID();
        String taskId = failedTask(account);

        Tasks.poll(taskId, account, 25).then().statusCode(200).body("status", equalTo("failed"))
                .body("error.code", equalTo("model_not_found"));
    }
}
