package dev.relay.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.fleet.FakeFleet;
import dev.relay.gateway.fleet.Fleet;
import dev.relay.gateway.fleet.Fleet.TestKey;
import dev.relay.gateway.fleet.LogCapture;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(FakeFleet.class)
class KeyLoggingTest {

    @Inject
    RedisDataSource redis;

    @Test
    void keysNeverAppearInTheLogs() {
        try (LogCapture log = LogCapture.all()) {
            TestKey good = Fleet.fundedKey(redis, 1_000_000);
            String wrong = "relay_sk_neverlogme000000000000000000000000";
            String body = "{\"model\":\"test-midfail\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            given().header("X-API-Key", good.secret()).contentType("application/json").body(body)
                    .when().post("/v1/chat/completions").then().statusCode(200);
            given().header("Authorization", "Bearer " + wrong).contentType("application/json").body(body)
                    .when().post("/v1/chat/completions").then().statusCode(401);
            given().header("X-API-Key", good.secret()).contentType("application/json").body("{broken")
                    .when().post("/v1/chat/completions").then().statusCode(400);

            assertTrue(log.lines().stream().anyMatch(line -> line.contains("mid-stream")), "the capture sees gateway logs");
            for (String line : log.lines()) {
                assertFalse(line.contains(good.secret()) || line.contains(wrong), "key in log line: " + line);
            }
        }
    }
    @Test
    void linesLoggedForARequestCarryItsRequestId() {
        try (LogCapture log = LogCapture.all()) {
            TestKey key = Fleet.fundedKey(redis, 1_000_000);
            String requestId = "req-" + UUID.randomUUID();
            // The worker dies mid-stream: the gateway logs it from a worker callback, long after the request arrived.
            String body = "{\"model\":\"test-midfail\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            given().header("X-API-Key", key.secret()).header("x-request-id", requestId).contentType("application/json")
                    .body(body).when().post("/v1/chat/completions").then().statusCode(200);

            List<String> ids = log.requestIdsOfLinesContaining("mid-stream");
            assertFalse(ids.isEmpty(), "the gateway logged the broken stream");
            assertTrue(ids.contains(requestId), "request ids on those lines: " + ids);
        }
    }
}
