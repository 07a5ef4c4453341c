package dev.relay.task;

import static org.hamcrest.Matchers.equalTo;

import dev.relay.task.support.Tasks;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A task whose event the broker never acknowledged is not accepted: 503, and it polls as failed, not queued. */
@QuarkusTest
@TestProfile(TaskQueueFailureTest.BrokerUnreachable.class)
class TaskQueueFailureTest {

    public static class BrokerUnreachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.outgoing.tasks-requested.bootstrap.servers", "127.0.0.1:1",
                    "mp.messaging.outgoing.tasks-requested.max.block.ms", "1000",
                    "relay.task.publish-timeout", "3s");
        }
    }

    @Test
    void taskThatCannotBePublishedIsRefusedAndMarkedFailed() {
        String account = "acct-" + UUID.randomUUID();
        String taskId = Tasks.newTaskId();

        Tasks.submit(Tasks.submission(taskId, account)).then().statusCode(503)
                .body("error.code", equalTo("service_unavailable"));

        Tasks.poll(taskId, account).then().statusCode(200)
                .body("status", equalTo("failed"))
                .body("error.status", equalTo(503));
    }
}
