package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.relay.contracts.internal.TaskSubmission;
import dev.relay.gateway.fleet.Eventually;
import dev.relay.gateway.fleet.FakeFleet;
import dev.relay.gateway.fleet.OwnMediaWorker;
import dev.relay.gateway.fleet.TaskTopics;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A media task's deadline bounds its whole run, whatever call is stuck: here a worker whose answer never ends and is
 * never silent long enough for its idle bound. The deadline is short here.
 */
@QuarkusTest
@TestProfile(MediaTaskDeadlineTest.ShortTaskDeadline.class)
@WithTestResource(FakeFleet.class)
class MediaTaskDeadlineTest {

    public static class ShortTaskDeadline implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("relay.gateway.media.task-deadline", "2s");
        }
    }

    @Inject
    RedisDataSource redis;

    @Test
    void aMediaTaskStillRunningAtItsDeadlineFailsAsTimedOutUnbilled() {
        try (OwnMediaWorker worker = OwnMediaWorker.images(OwnMediaWorker::neverEnds)) {
            TaskSubmission task = worker.publishTask(redis);

            TaskTopics.assertFailedAsTimedOutUnbilled(task);
        }
    }

    @Test
    void aMediaTaskPastItsDeadlineLetsGoOfItsWorkersAnswer() {
        try (OwnMediaWorker worker = OwnMediaWorker.images(OwnMediaWorker::neverEnds)) {
            TaskSubmission task = worker.publishTask(redis);
            assertEquals("failed", TaskTopics.terminalStatus(task.taskId()).path("status").asText());

            // Reset: the gateway closes its connection rather than reading the answer on.
            Eventually.until(() -> worker.closedConnections.get() == 1, Duration.ofSeconds(10),
                    "the gateway's connection to the worker closed");
        }
    }
}
