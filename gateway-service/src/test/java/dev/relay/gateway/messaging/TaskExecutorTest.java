package dev.relay.gateway.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.gateway.config.GatewayConfig;
import dev.relay.gateway.service.UnsettledRequests;
import io.smallrye.mutiny.Multi;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
        TaskExecutor executor = new TaskExecutor(null, unsettled, new ObjectMapper().findAndRegisterModules(),
                tasksAtOnce(4));
        AtomicBoolean acknowledged = new AtomicBoolean();
        Message<String> record = Message.of(TASK, () -> {
            acknowledged.set(true);
            return CompletableFuture.completedFuture(null);
        });

        List<Message<String>> published = executor.execute(Multi.createFrom().item(record))
                .collect().asList().await().atMost(Duration.ofSeconds(5));

        assertEquals(List.of(), published);
        assertFalse(acknowledged.get());
    }

    private static GatewayConfig tasksAtOnce(int maxConcurrent) {
        GatewayConfig.Tasks tasks = (GatewayConfig.Tasks) Proxy.newProxyInstance(TaskExecutorTest.class.getClassLoader(),
                new Class<?>[] {GatewayConfig.Tasks.class}, (proxy, method, args) -> maxConcurrent);
        return (GatewayConfig) Proxy.newProxyInstance(TaskExecutorTest.class.getClassLoader(),
                new Class<?>[] {GatewayConfig.class}, (proxy, method, args) -> tasks);
    }
}
