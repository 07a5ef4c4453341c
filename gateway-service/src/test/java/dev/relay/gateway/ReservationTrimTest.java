package dev.relay.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.relay.contracts.RedisKeys;
import dev.relay.gateway.fleet.Eventually;
import dev.relay.gateway.fleet.FakeFleet;
import dev.relay.gateway.fleet.Fleet;
import dev.relay.gateway.fleet.Fleet.TestKey;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A request that has ended holds only what it costs until billing charges it (no billing runs here: the fake fleet
 * has none), so the account's next request is not refused for its worst case.
 */
@QuarkusTest
@WithTestResource(FakeFleet.class)
class ReservationTrimTest {

    // "user\nhi\n" is 8 bytes + 48 template tokens at 1 micro, 500 output tokens at 2 micros: 1,056 held at first.
    static final String CHAT = "{\"model\":\"test-ok\",\"max_tokens\":500,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Inject
    RedisDataSource redis;

    int chat(TestKey key) {
        return given().header("X-API-Key", key.secret()).contentType("application/json").body(CHAT)
                .when().post("/v1/chat/completions").then().extract().statusCode();
    }

    @Test
    void anEndedRequestsHoldShrinksToItsCost() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        assertEquals(200, chat(key));

        // The worker counted 7 prompt tokens at 1 micro and 5 completion tokens at 2 micros.
        Eventually.until(() -> "17".equals(redis.value(String.class).get(RedisKeys.reservedTotal(key.accountId()))),
                Duration.ofSeconds(10), "the hold to shrink to the request's cost");
        Map<String, String> held = redis.hash(String.class).hgetall(RedisKeys.reservations(key.accountId()));
        assertEquals(Map.of(held.keySet().iterator().next(), "17"), held);
    }

    @Test
    void theNextRequestIsAdmittedBeforeBillingHasChargedTheLastOne() {
        TestKey key = Fleet.fundedKey(redis, 1_100);
        assertEquals(200, chat(key));

        // 1,100 - 1,056 would refuse it for good without the trim; 1,100 - 17 covers it.
        Eventually.until(() -> chat(key) == 200, Duration.ofSeconds(10), "the second request to be admitted");
    }
}
