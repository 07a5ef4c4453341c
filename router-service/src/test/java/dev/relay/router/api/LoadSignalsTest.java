package dev.relay.router.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gateway's side of the in-flight count: the route answer counts, batched signals adjust. */
@QuarkusTest
@QuarkusTestResource(FakeWorkers.class)
class LoadSignalsTest {

    private static int inFlight(String workerId) {
        return given().when().get("/internal/workers/" + workerId).then().statusCode(200)
                .extract().path("signals.inFlight");
    }

    private static void signals(Object body) {
        given().contentType(ContentType.JSON).body(body).when().post("/internal/workers/signals")
                .then().statusCode(204);
    }

    private static Map<String, Object> signal(String workerId, String kind) {
        return Map.of("workerId", workerId, "kind", kind, "ok", true, "ttftMs", 0, "durationMs", 0);
    }

    @Test
    void routeAnswerCountsItsFirstCandidateAsStarted() {
        int before = inFlight("fake-spare");

        RoutingTest.route("test/spare-model", "auto").statusCode(200)
                .body("candidates[0].workerId", equalTo("fake-spare"));

        given().when().get("/internal/workers/fake-spare").then().body("signals.inFlight", equalTo(before + 1));
        signals(List.of(signal("fake-spare", "released")));
    }

    @Test
    void releasedSignalUndoesTheRoutersCountWithoutALatencySample() {
        RoutingTest.route("test/spare-model", "auto").statusCode(200);
        int counted = inFlight("fake-spare");
        Object latencyBefore = given().when().get("/internal/workers/fake-spare").then().extract()
                .path("signals.latencyEwmaMs");

        signals(List.of(signal("fake-spare", "released")));

        given().when().get("/internal/workers/fake-spare").then()
                .body("signals.inFlight", equalTo(counted - 1))
                .body("signals.latencyEwmaMs", equalTo(latencyBefore));
    }

    @Test
    void batchOfStartedAndFinishedSignalsIsAppliedInOrder() {
        int before = inFlight("fake-spare");

        signals(List.of(signal("fake-spare", "started"), signal("fake-spare", "started"),
                Map.of("workerId", "fake-spare", "kind", "finished", "ok", true, "ttftMs", 20, "durationMs", 500)));

        given().when().get("/internal/workers/fake-spare").then()
                .body("signals.inFlight", equalTo(before + 1))
                .body("signals.ttftEwmaMs", org.hamcrest.Matchers.greaterThan(0f));
        signals(List.of(signal("fake-spare", "released")));
    }

    @Test
    void signalsForUnknownWorkersOrOfUnknownKindsAreIgnored() {
        int before = inFlight("fake-spare");

        signals(List.of(signal("no-such-worker", "started"), signal("fake-spare", "teleported")));

        given().when().get("/internal/workers/fake-spare").then().body("signals.inFlight", equalTo(before));
    }

    @Test
    void bodyThatIsNotAListOfSignalsIsABadRequest() {
        given().contentType(ContentType.JSON).body("{\"workerId\":\"fake-spare\"}").when()
                .post("/internal/workers/signals").then().statusCode(400);
    }
}
