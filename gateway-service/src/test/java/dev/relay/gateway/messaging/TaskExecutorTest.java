package dev.relay.gateway.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.contracts.TaskStatus;
import dev.relay.contracts.internal.TaskSubmission;
import dev.relay.gateway.config.GatewayConfig;
import dev.relay.gateway.service.ChatTaskRunner;
import dev.relay.gateway.service.TaskOutcome;
import dev.relay.gateway.service.UnsettledRequests;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

class TaskExecutorTest {

    private static final String TASK = """
            {"eventId":"evt_1","occurredAt":"2026-12-07T00:00:00Z",
             "task":{"taskId":"direct:7f1c","accountId":"acct_1","model":"Qwen/Qwen3-Coder"}}""";

    @Test
    void aTaskArrivingOnceShutdownHasBegunIsNeitherRunNorAcknowledgedSoAnotherReplicaRunsIt() {
        UnsettledRequests unsettled = new UnsettledRequests();
        unsettled.beginShutdown();
        // No runner: a task this executor tried to run or look up would fail the stream.
        TaskExecutor executor = new TaskExecutor(null, null, unsettled, new ObjectMapper().findAndRegisterModules(),
                tasksAtOnce(4));
        AtomicBoolean acknowledged = new AtomicBoolean();

        List<Message<String>> published = publishedFor(executor, acknowledged);

        assertEquals(List.of(), published);
        assertFalse(acknowledged.get());
    }

    @Test
    void aTaskLeftForAnotherReplicaIsAnnouncedQueuedAgainAndNotAcknowledged() throws Exception {
        // A runner that finds the task unfinished, then leaves it (shutdown began as it was to start, or cut it off).
        ChatTaskRunner leaving = new ChatTaskRunner(null, null, null, null, null, null, null, null, null) {
            @Override
            public Uni<Boolean> alreadyFinished(TaskSubmission task) {
                return Uni.createFrom().item(false);
            }

            @Override
            public Uni<TaskOutcome> run(TaskSubmission task) {
                return Uni.createFrom().item(TaskOutcome.leftForAnotherReplica());
            }
        };
        ObjectMapper json = new ObjectMapper().findAndRegisterModules();
        TaskExecutor executor = new TaskExecutor(leaving, null, new UnsettledRequests(), json, tasksAtOnce(4));
        AtomicBoolean acknowledged = new AtomicBoolean();

        List<Message<String>> published = publishedFor(executor, acknowledged);
        List<String> statuses = new ArrayList<>();
        for (Message<String> status : published) {
            status.ack().toCompletableFuture().get(5, TimeUnit.SECONDS);
            statuses.add(json.readValue(status.getPayload(), TaskStatus.class).status());
        }
        assertEquals(List.of("running", "queued"), statuses);
        assertFalse(acknowledged.get(), "the record was acknowledged: no other replica would run the task");
    }

    @Test
    void aMediaTaskIsLeftToTheMediaChannelAndAChatTaskToTheChatChannel() {
        // No runners: a task either channel tried to run would fail the stream.
        TaskExecutor executor = new TaskExecutor(null, null, new UnsettledRequests(),
                new ObjectMapper().findAndRegisterModules(), tasksAtOnce(4));
        String image = TASK.replace("\"accountId\"", "\"kind\":\"image\",\"accountId\"");
        AtomicBoolean chatChannelAcked = new AtomicBoolean();
        AtomicBoolean mediaChannelAcked = new AtomicBoolean();

        List<Message<String>> byChat = executor.execute(Multi.createFrom().item(record(image, chatChannelAcked)))
                .collect().asList().await().atMost(Duration.ofSeconds(5));
        List<Message<String>> byMedia = executor.executeMedia(Multi.createFrom().item(record(TASK, mediaChannelAcked)))
                .collect().asList().await().atMost(Duration.ofSeconds(5));

        assertEquals(List.of(), byChat);
        assertEquals(List.of(), byMedia);
        assertTrue(chatChannelAcked.get() && mediaChannelAcked.get(), "each channel acknowledges the other's tasks");
    }

    private static Message<String> record(String payload, AtomicBoolean acknowledged) {
        return Message.of(payload, () -> {
            acknowledged.set(true);
            return CompletableFuture.completedFuture(null);
        });
    }

    /** What the executor publishes for the task's record, whose acknowledgement sets {@code acknowledged}. */
    private static List<Message<String>> publishedFor(TaskExecutor executor, AtomicBoolean acknowledged) {
        Message<String> record = Message.of(TASK, () -> {
            acknowledged.set(true);
            return CompletableFuture.completedFuture(null);
        });
        return executor.execute(Multi.createFrom().item(record)).collect().asList().await()
                .atMost(Duration.ofSeconds(5));
    }

    private static GatewayConfig tasksAtOnce(int maxConcurrent) {
        GatewayConfig.Tasks tasks = (GatewayConfig.Tasks) Proxy.newProxyInstance(TaskExecutorTest.class.getClassLoader(),
                new Class<?>[] {GatewayConfig.Tasks.class}, (proxy, method, args) -> maxConcurrent);
        return (GatewayConfig) Proxy.newProxyInstance(TaskExecutorTest.class.getClassLoader(),
                new Class<?>[] {GatewayConfig.class}, (proxy, method, args) -> tasks);
    }
}
