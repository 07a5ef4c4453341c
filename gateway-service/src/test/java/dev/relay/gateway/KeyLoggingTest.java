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
}
