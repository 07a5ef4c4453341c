package dev.relay.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.contracts.RedisKeys;
import dev.relay.contracts.internal.TaskSubmission;
import dev.relay.gateway.fleet.Eventually;
import dev.relay.gateway.fleet.FakeFleet;
import dev.relay.gateway.fleet.Fleet;
import dev.relay.gateway.fleet.LeavingClient;
import dev.relay.gateway.fleet.TaskTopics;
import dev.relay.gateway.fleet.UsageEvents;
import dev.relay.gateway.messaging.TaskExecutor;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The gateway's own part of shutting down, run on an app of its own: it closes the worker connections. The first test
 * shuts it down; the second finds it shut down.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestProfile(ShutdownTest.OwnApp.class)
@WithTestResource(FakeFleet.class)
class ShutdownTest {

    @Inject
    RedisDataSource redis;

    @Inject
    ChatService chat;

    @Inject
    UnsettledRequests unsettled;

    @Inject
    TaskExecutor executor;

    @Inject
    ChannelRegistry channels;

    @Inject
    ChatTaskRunner tasks;

    @Inject
    Vertx vertx;

    @TestHTTPResource("/")
    URL gateway;

    /** A task on the slow worker, started before the stop and cut off by it (set by the first test). */
    private static TaskSubmission longTask;
    private static CompletionStage<TaskOutcome> cutTask;
    private static long slowFailuresBefore;
    private static long slowReleasesBefore;

    public static class OwnApp implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // The wait: longer than the request whose client left runs (1 s), shorter than the slow worker's answer
            // (8 s), which the worker timeout lets come.
            return Map.of("relay.gateway.worker.shutdown-wait", "3s", "relay.gateway.worker.timeout", "20s");
        }
    }

    @Test
    @Order(1)
    void stoppingWaitsForARequestWhoseClientLeftSoThatItIsBilledTheWorkersCounts() throws Exception {
        Fleet.TestKey key = Fleet.fundedKey(redis, 1_000_000);
        String requestId = UUID.randomUUID().toString();
        LeavingClient.sendSlowChatAndLeave(gateway, key, requestId); // its worker answers a second later
        slowFailuresBefore = Fleet.signalCount("slow", "finished", false);
        slowReleasesBefore = Fleet.signalCount("slow", "released", true);
        int slowCallsBefore = Fleet.callsSeenBy("slow");
        longTask = TaskTopics.held(redis, TaskTopics.chatTask("test-slow", "res_" + UUID.randomUUID(), 500), 10_000);
        cutTask = tasks.run(longTask).subscribeAsCompletionStage();
        Eventually.until(() -> Fleet.callsSeenBy("slow") > slowCallsBefore, Duration.ofSeconds(10),
                "the slow worker to be asked for the task");

        // As Quarkus shuts down: the HTTP server's verticles go first, then the shutdown observers run.
        for (String deployment : vertx.deploymentIDs()) {
            vertx.undeploy(deployment).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        executor.stopTakingTasks(new ShutdownEvent(), channels);
        chat.stop(new ShutdownEvent());

        assertEquals(0, unsettled.count(), "stopped with the request still running on its worker");
        assertTrue(unsettled.shuttingDown());
        List<JsonNode> events = UsageEvents.forRequest(requestId);
        assertEquals(1, events.size());
        // The worker's own counts, which only its answer carries: it was let finish, not cut off by the stop.
        assertEquals(7, events.get(0).path("promptTokens").asLong(), events.get(0).toString());
        assertEquals(5, events.get(0).path("completionTokens").asLong(), events.get(0).toString());
    }

    @Test
    @Order(2)
    void aTaskCutOffByTheStopIsLeftForAnotherReplicaWithItsHoldAndItsWorkerNotReportedFailed() throws Exception {
        TaskOutcome outcome = cutTask.toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertTrue(outcome.left(), "failed for good instead of left for redelivery: " + outcome);
        // No event: the rerun's is the task's one (billing keeps the first of an id), and its hold stays for it.
        assertTrue(UsageEvents.noneExpectedFor(longTask.requestId()).isEmpty(), "the cut run published its usage");
        assertEquals("500", redis.hash(String.class).hget(RedisKeys.reservations(longTask.accountId()),
                longTask.reservationId()));
        Eventually.until(() -> Fleet.signalCount("slow", "released", true) > slowReleasesBefore,
                Duration.ofSeconds(10), "the slow worker to be released");
        assertEquals(slowFailuresBefore, Fleet.signalCount("slow", "finished", false),
                "the worker was reported failed for a request this gateway cut off");
    }

    @Test
    @Order(3)
    void onceShutdownBeganNoTaskIsTakenAndOneAlreadyTakenIsLeftForAnotherReplicaNotRun() {
        assertTrue(channels.getPausable(TaskExecutor.CHANNEL).isPaused(), "records are still taken");

        // One taken just before: it is routed, but does not start on a worker, and is neither failed nor completed.
        TaskSubmission task = TaskTopics.held(redis, TaskTopics.chatTask("test-ok", "res_" + UUID.randomUUID(), 500),
                10_000);
        int askedBefore = Fleet.callsSeenBy("ok");
        TaskOutcome outcome = tasks.run(task).await().atMost(Duration.ofSeconds(10));

        assertTrue(outcome.left(), String.valueOf(outcome));
        assertEquals(askedBefore, Fleet.callsSeenBy("ok"), "the task's worker was asked");
    }
}
