package dev.relay.task;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.relay.task.support.TaskTopics;
import dev.relay.task.support.Tasks;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** relay.tasks.status as executors publish it, applied idempotently: a finished task stays as it finished. */
@QuarkusTest
class TaskStatusTest {

    private static final Map<String, Object> COMPLETION = Map.of("object", "chat.completion",
            "choices", List.of(Map.of("index", 0, "message", Map.of("role", "assistant", "content", "hi"))));

    @Test
    void runningStatusMarksTheTaskRunning() {
        String account = "acct-" + UUID.randomUUID();
        String taskId = Tasks.queued(account);

        TaskTopics.running(taskId);

        awaitStatus(taskId, account, "running");
    }

    @Test
    void completedStatusStoresTheResult() {
        String account = "acct-" + UUID.randomUUID();
        String taskId = Tasks.queued(account);

        TaskTopics.running(taskId);
        TaskTopics.completed(taskId, COMPLETION);

        awaitStatus(taskId, account, "completed");
        Tasks.poll(taskId, account).then().statusCode(200)
                .body("result.object", equalTo("chat.completion"))
                .body("result.choices[0].message.content", equalTo("hi"))
                .body("error", nullValue());
    }

    @Test
    void failedStatusStoresTheError() {
        String account = "acct-" + UUID.randomUUID();
        String taskId = Tasks.queued(account);

        TaskTopics.failed(taskId, 502, "upstream_error", "No worker could serve the request");

        awaitStatus(taskId, account, "failed");
        Tasks.poll(taskId, account).then()
                .body("error.status", equalTo(502))
                .body("error.code", equalTo("upstream_error"))
                .body("error.message", equalTo("No worker could serve the request"))
                .body("result", nullValue());
    }

    @Test
    void failureWithANulInTheWorkersWordsIsStoredWithTheReplacementCharacter() {
        String account = "acct-" + UUID.randomUUID();
        String taskId = Tasks.queued(account);

        // A worker's own words may hold a NUL, which PostgreSQL refuses to store as text.
        TaskTopics.failed(taskId, 502, "upstream\u0000error", "the worker said \u0000 and died");

        awaitStatus(taskId, account, "failed");
        Tasks.poll(taskId, account).then()
                .body("error.code", equalTo("upstream\uFFFDerror"))
                .body("error.message", equalTo("the worker said \uFFFD and died"));
    }

    @Test
    void lateRunningStatusDoesNotReopenACompletedTask() {
        String account = "acct-" + UUID.randomUUID();
        String taskId = Tasks.queued(account);
        TaskTopics.completed(taskId, COMPLETION);
        awaitStatus(taskId, account, "completed");

        TaskTopics.awaitConsumed(TaskTopics.running(taskId));

        Tasks.poll(taskId, account).then().body("status", equalTo("completed"))
                .body("result.choices[0].message.content", equalTo("hi"));
    }

    @Test
    void queuedStatusPutsARunningTaskBackInTheQueue() {
        String account = "acct-" + UUID.randomUUID();
        String taskId = Tasks.queued(account);
        TaskTopics.running(taskId);
        awaitStatus(taskId, account, "running");

        TaskTopics.requeued(taskId);

        awaitStatus(taskId, account, "queued");
    }

    @Test
    void lateQueuedStatusDoesNotReopenAFinishedTask() {
        String account = "acct-" + UUID.randomUUID();
        String taskId = Tasks.queued(account);
        TaskTopics.completed(taskId, COMPLETION);
        awaitStatus(taskId, account, "completed");

        TaskTopics.awaitConsumed(TaskTopics.requeued(taskId));

        Tasks.poll(taskId, account).then().body("status", equalTo("completed"));
    }

    @Test
    void laterTerminalStatusesDoNotReplaceTheFirst() {
        String account = "acct-" + UUID.randomUUID();
        String taskId = Tasks.queued(account);
        TaskTopics.completed(taskId, COMPLETION);
        awaitStatus(taskId, account, "completed");

        TaskTopics.failed(taskId, 502, "upstream_error", "a re-execution failed");
        TaskTopics.awaitConsumed(TaskTopics.completed(taskId, Map.of("object", "chat.completion", "choices", List.of())));

        Tasks.poll(taskId, account).then().body("status", equalTo("completed"))
                .body("result.choices[0].message.content", equalTo("hi"))
                .body("error", nullValue());
    }

    @Test
    void statusOfAnUnknownTaskCreatesNothing() {
        String account = "acct-" + UUID.randomUUID();
        String unknown = Tasks.newTaskId();

        TaskTopics.awaitConsumed(TaskTopics.completed(unknown, COMPLETION));

        Tasks.poll(unknown, account).then().statusCode(404);
    }

    private static void awaitStatus(String taskId, String account, String status) {
        await("task " + taskId + " to be " + status).atMost(Duration.ofSeconds(30)).until(() -> status.equals(
                Tasks.poll(taskId, account).then().statusCode(200).extract().path("status")));
    }
}
