package dev.relay.router.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A LEAVING heartbeat, apart from heartbeat expiry: here a silent worker is neither drained nor removed while a test
 * runs, so only LEAVING can drain a worker, and only the end of its last request remove it.
 */
@QuarkusTest
@TestProfile(LeavingWorkerTest.HeartbeatsNeverExpire.class)
@QuarkusTestResource(FakeWorkers.class)
class LeavingWorkerTest extends HeartbeatingWorkers {

    public static class HeartbeatsNeverExpire implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("relay.router.heartbeat.drain-after", "1h", "relay.router.heartbeat.remove-after", "1h");
        }
    }

    @Test
    void leavingWorkerDrainsAtOnceAndGoesWhenItsRequestsFinish() {
        String ids = "hb-" + UUID.randomUUID();
        String model = "test/hb-" + UUID.randomUUID();
        // The worker under test, and idle ones sorting just before and after it (the expiry sweep goes in id order).
        String idleBefore = ids + "-1";
        String busy = ids + "-2";
        String idleAfter = ids + "-3";
        beatUntilRegistered(idleBefore, "test/hb-idle");
        beatUntilRegistered(busy, model);
        beatUntilRegistered(idleAfter, "test/hb-idle");
        given().when().post("/internal/workers/" + busy + "/started").then().statusCode(204);

        leave(busy, model);

        await().atMost(PATIENCE).untilAsserted(() ->
                worker(busy).statusCode(200).body("lifecycle", equalTo("draining")));
        RoutingTest.route(model, "auto").statusCode(503);

        // Once the idle ones before and after it have left and gone, a sweep has looked at it since it left: it stays.
        leave(idleBefore, "test/hb-idle");
        leave(idleAfter, "test/hb-idle");
        await().atMost(PATIENCE).untilAsserted(() -> worker(idleBefore).statusCode(404));
        await().atMost(PATIENCE).untilAsserted(() -> worker(idleAfter).statusCode(404));
        worker(busy).statusCode(200).body("lifecycle", equalTo("draining"));

        given().when().post("/internal/workers/" + busy + "/finished").then().statusCode(204);
        await().atMost(PATIENCE).untilAsserted(() -> worker(busy).statusCode(404));
    }
}
