package dev.relay.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.contracts.RedisKeys;
import dev.relay.gateway.fleet.FakeFleet;
import dev.relay.gateway.fleet.Fleet;
import dev.relay.gateway.fleet.Fleet.TestKey;
import dev.relay.gateway.fleet.UsageEvents;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(FakeFleet.class)
class AdmissionTest {

    static final String BODY = "{\"model\":\"test-ok\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Inject
    RedisDataSource redis;

    static Response chat(TestKey key, String requestId) {
        return given().header("X-API-Key", key.secret()).header("x-request-id", requestId)
                .contentType("application/json").body(BODY).when().post("/v1/chat/completions");
    }

    @Test
    void balanceBelowTheWorstCaseIsRefusedWith402AndNothingIsMetered() {
        TestKey key = Fleet.fundedKey(redis, 10);
        String requestId = UUID.randomUUID().toString();
        chat(key, requestId).then().statusCode(402)
                .body("error.code", equalTo("insufficient_credits"))
                .body("error.type", equalTo("insufficient_quota"));
        assertTrue(UsageEvents.noneExpectedFor(requestId).isEmpty());
    }

    @Test
    void a402SaysWhatTheRequestMayCostWhatIsAvailableAndWhatDrivesTheCost() {
        TestKey key = Fleet.fundedKey(redis, 10);
        // The prompt's bound ("user\nhi\n": 8 bytes, 24 a message, 24 for the reply) at 1 micro a token, 100 output
        // tokens at 2.
        chat(key, UUID.randomUUID().toString()).then().statusCode(402)
                .body("error.message", containsString("may cost up to " + (56 + 200) + " micro-dollars"))
                .body("error.message", containsString("and 10 are available"))
                .body("error.message", containsString("max_tokens"));
    }

    @Test
    void modelWithoutItsOwnPriceIsReservedAtBillingsDefaultPrice() {
        String unpriced = BODY.replace("test-ok", "test-unpriced");
        // Default price: $6 per million output tokens, so 100 output tokens alone need 600 micro-dollars.
        TestKey poor = Fleet.fundedKey(redis, 500);
        given().header("X-API-Key", poor.secret()).contentType("application/json").body(unpriced)
                .when().post("/v1/chat/completions").then().statusCode(402);

        TestKey funded = Fleet.fundedKey(redis, 1_000_000);
        String requestId = UUID.randomUUID().toString();
        given().header("X-API-Key", funded.secret()).header("x-request-id", requestId).contentType("application/json")
                .body(unpriced).when().post("/v1/chat/completions").then().statusCode(200);
        JsonNode event = UsageEvents.forRequest(requestId).get(0);
        assertTrue(event.path("reservedMicro").asLong() >= 600);
        // Held at the default price, not one of the model's own: billing charges the price in force.
        assertTrue(event.path("priceVersion").isNull(), event.toString());
    }

    @Test
    void accountWithoutABalanceInRedisHasNothingToSpend() {
        TestKey key = Fleet.newKey(1000);
        chat(key, UUID.randomUUID().toString()).then().statusCode(402);
    }

    @Test
    void keyAlreadyRefusedInThisWindowIsRefusedAgainWithoutAskingTheRouter() {
        TestKey key = Fleet.newKey(1);
        String body = BODY.replace("test-ok", "test-free");
        int status = 200;
        for (int i = 0; i < 3 && status != 429; i++) {
            status = given().header("X-API-Key", key.secret()).contentType("application/json").body(body)
                    .when().post("/v1/chat/completions").statusCode();
        }
        int routed = Fleet.routesAskedFor("test-free");

        given().header("X-API-Key", key.secret()).contentType("application/json").body(body)
                .when().post("/v1/chat/completions").then().statusCode(429)
                .header("Retry-After", matchesPattern("\\d+"))
                .header("x-ratelimit-remaining-requests", "0");
        assertEquals(routed, Fleet.routesAskedFor("test-free"));
    }

    @Test
    void keyOverItsRequestsPerMinuteGets429WithRetryAfter() {
        TestKey key = Fleet.newKey(1);
        redis.value(String.class).set(dev.relay.contracts.RedisKeys.balance(key.accountId()), "1000000");
        Response refused = null;
        // Two requests in one window suffice; a third covers the rare case of a window boundary in between.
        for (int i = 0; i < 3 && refused == null; i++) {
            Response response = chat(key, UUID.randomUUID().toString());
            if (response.statusCode() == 429) {
                refused = response;
            }
        }
        assertTrue(refused != null, "one of three requests at rpm 1 must be refused");
        refused.then().body("error.code", equalTo("rate_limit_exceeded"))
                .header("Retry-After", matchesPattern("\\d+"))
                .header("x-ratelimit-limit-requests", "1")
                .header("x-ratelimit-remaining-requests", "0")
                .header("X-RateLimit-Remaining", "0");
    }

    @Test
    void everyAdmittedResponseCarriesRateLimitHeaders() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        Response response = chat(key, UUID.randomUUID().toString());
        response.then().statusCode(200)
                .header("x-ratelimit-limit-requests", "1000")
                .header("x-ratelimit-remaining-requests", notNullValue())
                .header("x-ratelimit-reset-requests", matchesPattern("\\d+s"))
                .header("X-RateLimit-Remaining", notNullValue());
        assertEquals(response.header("x-ratelimit-remaining-requests"), response.header("X-RateLimit-Remaining"));
    }
    @Test
    void aKeyRestrictedToAModelCallsItByAnyOfItsNamesAndNothingElse() {
        // test-mirrored is in the gateway's mirror of the registry, which resolves direct.test-mirrored to it.
        TestKey key = Fleet.fundedKeyFor(redis, List.of("test-mirrored"));
        for (String name : new String[] {"test-mirrored", "direct.test-mirrored"}) {
            given().header("X-API-Key", key.secret()).contentType("application/json")
                    .body(BODY.replace("test-ok", name)).when().post("/v1/chat/completions").then().statusCode(200);
        }
        given().header("X-API-Key", key.secret()).contentType("application/json")
                .body(BODY).when().post("/v1/chat/completions").then()
                .statusCode(403).body("error.code", equalTo("model_not_allowed"));
    }

    @Test
    void aliasIsHeldAtThePriceOfTheModelItResolvesTo() {
        // test-alias has no price of its own (billing's default, $3/$6 per million: ~750 micro-dollars here); the
        // router resolves it to test-ok ($1/$2: ~250). The balance covers both, so a hold taken at the assumed
        // default price and left behind would show.
        TestKey key = Fleet.fundedKey(redis, 1_000);
        String requestId = UUID.randomUUID().toString();
        given().header("X-API-Key", key.secret()).header("x-request-id", requestId).contentType("application/json")
                .body(BODY.replace("test-ok", "test-alias")).when().post("/v1/chat/completions").then().statusCode(200);

        long reserved = UsageEvents.forRequest(requestId).get(0).path("reservedMicro").asLong();
        assertTrue(reserved > 0 && reserved < 500, "held " + reserved);
        var holds = redis.hash(String.class).hgetall(RedisKeys.reservations(key.accountId()));
        assertEquals(1, holds.size(), "only the hold at the resolved price is left");
        // That hold may already be trimmed to the request's cost (ReservationTrim): the total is that hold alone.
        assertEquals(holds.values().iterator().next(),
                redis.value(String.class).get(RedisKeys.reservedTotal(key.accountId())));
    }

    @Test
    void requestTheRouterRefusesLeavesNoCreditHeldAndIsCountedOnce() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        given().header("X-API-Key", key.secret()).contentType("application/json")
                .body(BODY.replace("test-ok", "test-no-such-model")).when().post("/v1/chat/completions")
                .then().statusCode(404).header("x-ratelimit-remaining-requests", "999");

        assertTrue(redis.hash(String.class).hgetall(RedisKeys.reservations(key.accountId())).isEmpty());
        assertEquals("0", redis.value(String.class).get(RedisKeys.reservedTotal(key.accountId())));
    }
}
