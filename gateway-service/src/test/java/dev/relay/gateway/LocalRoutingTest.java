package dev.relay.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.relay.gateway.fleet.Eventually;
import dev.relay.gateway.fleet.FakeFleet;
import dev.relay.gateway.fleet.Fleet;
import dev.relay.gateway.fleet.Fleet.TestKey;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Routing on the gateway's mirror of the router's registry: a model the mirror knows is routed without asking the
 * router, the router still hears of the request's load, and a stale mirror leaves every route to the router. The
 * fake router hands out a registry with {@code test-mirrored} only, and its route endpoint does not know that model.
 */
@QuarkusTest
@WithTestResource(FakeFleet.class)
class LocalRoutingTest {

    @Inject
    RedisDataSource redis;

    private static int chat(TestKey key, String model) {
        String body = new JsonObject().put("model", model).put("max_tokens", 20)
                .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "hello")))
                .encode();
        return given().header("X-API-Key", key.secret()).contentType("application/json").body(body)
                .when().post("/v1/chat/completions").then().extract().statusCode();
    }

    private static void awaitMirrorServes(TestKey key) {
        Eventually.until(() -> chat(key, "test-mirrored") == 200, Duration.ofSeconds(10), "the mirror to route");
    }

    @Test
    void modelInTheMirrorIsRoutedWithoutAskingTheRouter() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        awaitMirrorServes(key);
        int asked = Fleet.routesAskedFor("test-mirrored");

        assertEquals(200, chat(key, "test-mirrored"));
        assertEquals(asked, Fleet.routesAskedFor("test-mirrored"));
    }

    @Test
    void routerHearsThatALocallyRoutedRequestStartedAndFinished() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        awaitMirrorServes(key);

        Eventually.until(() -> {
            JsonArray signals = Fleet.signalsFor("mirrored");
            long started = signals.stream().filter(s -> "started".equals(((JsonObject) s).getString("kind"))).count();
            // Released: a request refused after it went to the worker early (EarlyAdmissionTest, same worker).
            long ended = signals.stream().filter(s -> List.of("finished", "released")
                    .contains(((JsonObject) s).getString("kind"))).count();
            return started > 0 && started == ended;
        }, Duration.ofSeconds(10), "as many started as finished or released signals for the mirrored worker");
    }

    @Test
    void modelTheMirrorDoesNotKnowIsLeftToTheRouter() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        awaitMirrorServes(key);
        int asked = Fleet.routesAskedFor("test-ok");

        assertEquals(200, chat(key, "test-ok"));
        assertEquals(asked + 1, Fleet.routesAskedFor("test-ok"));
    }

    @Test
    void staleMirrorLeavesEveryRouteToTheRouter() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        awaitMirrorServes(key);
        Fleet.routingSnapshotFails(true);
        try {
            // The fake router's route endpoint does not know test-mirrored: its 404 shows the router was asked.
            Eventually.until(() -> chat(key, "test-mirrored") == 404, Duration.ofSeconds(10),
                    "the stale mirror to be set aside");
        } finally {
            Fleet.routingSnapshotFails(false);
        }
        awaitMirrorServes(key);
    }
}
