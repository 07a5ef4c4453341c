package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.contracts.RedisKeys;
import dev.relay.contracts.internal.TaskSubmission;
import dev.relay.gateway.fleet.Eventually;
import dev.relay.gateway.fleet.FakeFleet;
import dev.relay.gateway.fleet.Fleet;
import dev.relay.gateway.fleet.TaskTopics;
import dev.relay.gateway.fleet.UsageEvents;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/**
 * The gateway as executor of async chat tasks: a task read from relay.tasks.requested runs on a worker like a
 * synchronous request and ends as a status on relay.tasks.status, metered once under an event id of the task's own.
 */
@QuarkusTest
@WithTestResource(FakeFleet.class)
class TaskExecutionTest {

    @Inject
    RedisDataSource redis;

    /** Published as task-service does, once the gateway held the task's credit at submission. */
    private TaskSubmission run(String model) {
        TaskSubmission task = held(model);
        TaskTopics.publish(task);
        return task;
    }

    /** A task whose credit the gateway held at submission, not published yet. */
    private TaskSubmission held(String model) {
        return held(TaskTopics.chatTask(model, "res_" + UUID.randomUUID(), 500));
    }

    private TaskSubmission held(TaskSubmission task) {
        return TaskTopics.held(redis, task, 10_000);
    }

    private void fund(TaskSubmission task, long balanceMicro) {
        redis.value(String.class).set(RedisKeys.balance(task.accountId()), Long.toString(balanceMicro));
    }

    private String heldFor(TaskSubmission task) {
        return redis.hash(String.class).hget(RedisKeys.reservations(task.accountId()), task.reservationId());
    }

    /** Notes the task's hold as billing's sweep does when it first sees it (Redis's time in ms), {@code ago} back. */
    private void sightedByBillingsSweep(TaskSubmission task, Duration ago) {
        Response time = redis.execute("TIME");
        long nowMs = time.get(0).toLong() * 1000 + time.get(1).toLong() / 1000;
        redis.hash(String.class).hset(RedisKeys.reservationSightings(task.accountId()), task.reservationId(),
                Long.toString(nowMs - ago.toMillis()));
    }

    private String sightingOf(TaskSubmission task) {
        return redis.hash(String.class).hget(RedisKeys.reservationSightings(task.accountId()), task.reservationId());
    }

    @Test
    void taskRunsAndCompletesWithTheChatCompletionAClientWouldHaveGot() {
        TaskSubmission task = run("test-ok");

        List<JsonNode> statuses = TaskTopics.untilFinished(task.taskId());
        assertEquals("running", statuses.get(0).path("status").asText());
        JsonNode completed = TaskTopics.terminalStatus(task.taskId());
        assertEquals("completed", completed.path("status").asText());
        assertEquals(task.taskId(), completed.path("_key").asText());
        JsonNode result = completed.path("result");
        assertEquals("chat.completion", result.path("object").asText());
        assertTrue(result.path("id").asText().startsWith("chatcmpl-"));
        assertEquals("hello from the fake worker", result.path("choices").path(0).path("message").path("content").asText());
        assertEquals(task.taskId(), result.path("task_id").asText());
        assertEquals("direct", result.path("mode").asText());
        assertTrue(result.has("task_address") && result.get("task_address").isNull(), result.toString());
        assertEquals("test-ok", result.path("model").asText());
        assertEquals("worker-ok", Fleet.lastBodySeenBy("ok").getString("model"));
    }

    @Test
    void opengpuTasksResultNamesTheTasksAddressInTheOperatorsTaskBook() {
        TaskSubmission task = held(TaskTopics.chatTask("test-opengpu", "opengpu", "res_" + UUID.randomUUID(), 500));
        TaskTopics.publish(task);

        JsonNode completed = TaskTopics.terminalStatus(task.taskId());
        assertEquals("completed", completed.path("status").asText());
        JsonNode result = completed.path("result");
        assertEquals(task.taskId(), result.path("task_id").asText());
        assertEquals("opengpu", result.path("mode").asText());
        assertEquals(TaskAddressTest.BOOK.taskAddress(task.taskId()), result.path("task_address").asText());
    }

    @Test
    void taskIsMeteredOnceWithTheWorkersCountsAgainstItsHeldCredit() {
        TaskSubmission task = run("test-ok");
        TaskTopics.terminalStatus(task.taskId());

        List<JsonNode> events = UsageEvents.forRequest(task.requestId());
        assertEquals(1, events.size());
        JsonNode event = events.get(0);
        assertEquals("task:" + task.taskId(), event.path("eventId").asText());
        assertEquals(task.accountId(), event.path("accountId").asText());
        assertEquals(task.keyId(), event.path("keyId").asText());
        assertEquals(task.reservationId(), event.path("reservationId").asText());
        assertEquals(500, event.path("reservedMicro").asLong());
        assertEquals(7, event.path("promptTokens").asLong());
        assertEquals(5, event.path("completionTokens").asLong());
        assertEquals("completed", event.path("outcome").asText());
    }

    @Test
    void taskRunAgainAfterARedeliveryIsMeteredUnderTheSameEventIdSoBillingChargesItOnce() {
        TaskSubmission task = run("test-ok");
        TaskTopics.terminalStatus(task.taskId());
        Fleet.taskStored(task, "running"); // its executor stopped before task-service had its outcome

        TaskTopics.publish(task); // what a redelivery after an executor's crash amounts to

        Eventually.until(() -> UsageEvents.forRequest(task.requestId()).size() == 2, Duration.ofSeconds(30),
                "the second run's usage event");
        assertEquals(Set.of("task:" + task.taskId()), UsageEvents.forRequest(task.requestId()).stream()
                .map(event -> event.path("eventId").asText()).collect(Collectors.toSet()));
    }

    @Test
    void taskDeliveredAgainAfterTaskServiceStoredItsOutcomeIsNotRunAgain() {
        TaskSubmission task = run("test-ok");
        TaskTopics.terminalStatus(task.taskId());
        Fleet.taskStored(task, "completed");
        int workerCalls = Fleet.callsSeenBy("ok");

        RecordMetadata again = TaskTopics.publish(task);

        // Done with, run or not: a run would have asked the worker and handed over its usage event before this.
        Eventually.until(() -> TaskTopics.committedPast(again), Duration.ofSeconds(30),
                "the executor to be done with the task delivered again");
        assertEquals(workerCalls, Fleet.callsSeenBy("ok"));
        assertEquals(1, UsageEvents.forRequest(task.requestId()).size());
        assertEquals(1, TaskTopics.untilFinished(task.taskId()).stream()
                .filter(status -> "completed".equals(status.path("status").asText())).count());
    }

    @Test
    void taskWhoseHoldBillingReleasedWhileItWaitedIsHeldAgainBeforeItRuns() {
        // A worker that takes its time: the hold is looked at while the task runs, before any usage event could
        // have billing settle it.
        TaskSubmission task = TaskTopics.chatTask("test-slow", "res_" + UUID.randomUUID(), 500);
        fund(task, 10_000); // the hold made at submission is gone: billing's sweep released it

        TaskTopics.publish(task);

        Eventually.until(() -> "500".equals(heldFor(task)), Duration.ofSeconds(30), "the task's hold made again");
        assertEquals("500", redis.value(String.class).get(RedisKeys.reservedTotal(task.accountId())));
        assertEquals(504, TaskTopics.terminalStatus(task.taskId()).path("errorStatus").asInt());
    }

    @Test
    void aStartingTaskDeletesBillingsOldSightingOfItsHoldSoTheSweepCountsItsHorizonAfresh() {
        TaskSubmission task = held("test-ok");
        sightedByBillingsSweep(task, Duration.ofHours(2)); // the next sweep (horizon 1 h) would release it

        TaskTopics.publish(task);

        assertEquals("completed", TaskTopics.terminalStatus(task.taskId()).path("status").asText());
        assertNull(sightingOf(task)); // forgotten as the run started: the next sweep notes the hold afresh
    }

    @Test
    void taskWhoseReleasedHoldTheBalanceCanNoLongerCoverFailsWithInsufficientCreditsWithoutRunning() {
        TaskSubmission task = TaskTopics.chatTask("test-ok", "res_" + UUID.randomUUID(), 500);
        fund(task, 100);
        int workerCalls = Fleet.callsSeenBy("ok");

        TaskTopics.publish(task);

        JsonNode failed = TaskTopics.terminalStatus(task.taskId());
        assertEquals("failed", failed.path("status").asText());
        assertEquals(402, failed.path("errorStatus").asInt());
        assertEquals("insufficient_credits", failed.path("errorCode").asText());
        assertEquals(workerCalls, Fleet.callsSeenBy("ok"));
        assertNull(heldFor(task));
        JsonNode event = UsageEvents.forRequest(task.requestId()).get(0);
        assertEquals("failed", event.path("outcome").asText());
        assertEquals(0, event.path("promptTokens").asLong() + event.path("completionTokens").asLong());
    }

    @Test
    void taskWhoseWorkersAllFailEndsFailedAndReleasesItsHold() {
        TaskSubmission task = run("test-dead");

        JsonNode failed = TaskTopics.terminalStatus(task.taskId());
        assertEquals("failed", failed.path("status").asText());
        assertEquals(502, failed.path("errorStatus").asInt());
        assertEquals("upstream_error", failed.path("errorCode").asText());
        JsonNode event = UsageEvents.forRequest(task.requestId()).get(0);
        assertEquals("failed", event.path("outcome").asText());
        assertEquals(0, event.path("promptTokens").asLong() + event.path("completionTokens").asLong());
        assertEquals(task.reservationId(), event.path("reservationId").asText());
    }

    @Test
    void taskForAModelNoLongerServedEndsFailedWithModelNotFound() {
        TaskSubmission task = run("test-gone-" + UUID.randomUUID());

        JsonNode failed = TaskTopics.terminalStatus(task.taskId());
        assertEquals("failed", failed.path("status").asText());
        assertEquals(404, failed.path("errorStatus").asInt());
        assertEquals("model_not_found", failed.path("errorCode").asText());
        JsonNode event = UsageEvents.forRequest(task.requestId()).get(0);
        assertEquals("task:" + task.taskId(), event.path("eventId").asText());
        assertEquals(task.reservationId(), event.path("reservationId").asText());
    }
}
