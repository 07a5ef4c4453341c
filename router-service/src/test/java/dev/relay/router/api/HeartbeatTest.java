package dev.relay.router.api;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Dynamic registration over the real Kafka, and heartbeat expiry (the %test intervals are short). */
@QuarkusTest
@QuarkusTestResource(FakeWorkers.class)
class HeartbeatTest extends HeartbeatingWorkers {

    @Test
    void heartbeatRegistersAWorkerThatCanBeRoutedTo() {
        String id = "hb-" + UUID.randomUUID();
        String model = "test/hb-" + UUID.randomUUID();

        beatUntilRegistered(id, model);

        worker(id).body("origin", equalTo("HEARTBEAT"))
                .body("models", contains(model))
                .body("capacity", equalTo(32))
                .body("region", equalTo("eu-test"))
                .body("labels.gpu", equalTo("test"));
        RoutingTest.route(model, "auto").statusCode(200).body("candidates.workerId", contains(id));
    }

    @Test
    void workerThatMissesHeartbeatsIsDrainedThenRemoved() {
        String id = "hb-" + UUID.randomUUID();
        String model = "test/hb-" + UUID.randomUUID();
        beatUntilRegistered(id, model);

        stopBeating(id);

        await().atMost(PATIENCE).untilAsserted(() -> worker(id).statusCode(200).body("lifecycle", equalTo("draining")));
        RoutingTest.route(model, "auto").statusCode(503);
        await().atMost(PATIENCE).untilAsserted(() -> worker(id).statusCode(404));
        RoutingTest.route(model, "auto").statusCode(404);
    }
}
