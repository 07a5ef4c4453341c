package dev.relay.gateway;

import dev.relay.contracts.internal.TaskSubmission;
import dev.relay.gateway.fleet.Eventually;
import dev.relay.gateway.fleet.FakeFleet;
import dev.relay.gateway.fleet.OwnMediaWorker;
import dev.relay.gateway.fleet.TaskTopics;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A video job is deleted at its worker once its task ended, best effort: its answer holds no connection for long. */
@QuarkusTest
@WithTestResource(FakeFleet.class)
class VideoJobDeletionTest {

    @Inject
    RedisDataSource redis;

    @Test
    void aDeletionWhoseAnswerNeverEndsHasItsConnectionClosed() {
        try (OwnMediaWorker worker = new OwnMediaWorker("video", VideoJobDeletionTest::answer)) {
            TaskSubmission task = worker.publishTask(redis, TaskSubmission.VIDEO, Map.of("prompt", "a test video",
                    "seconds", "4", "size", "720x1280"));
            TaskTopics.terminalStatus(task.taskId());

            // Every other call's answer ended, and its connection stays in the pool.
            Eventually.until(() -> worker.closedConnections.get() == 1, Duration.ofSeconds(20),
                    "the deletion's connection closed");
        }
    }

    /** A video job made at once, whose deletion is answered a byte at a time, never to end. */
    private static void answer(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        if (request.method() == HttpMethod.DELETE) {
            response.setChunked(true).putHeader("Content-Type", "application/json").write("{\"deleted\":");
            OwnMediaWorker.trickled(response);
        } else if (request.path().endsWith("/content")) {
            response.putHeader("Content-Type", "video/mp4").end("mp4!");
        } else {
            response.putHeader("Content-Type", "application/json")
                    .end("{\"id\":\"vid_1\",\"object\":\"video\",\"status\":\"completed\"}");
        }
    }
}
