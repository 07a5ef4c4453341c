package dev.relay.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.relay.contracts.RedisKeys;
import dev.relay.gateway.fleet.FakeFleet;
import dev.relay.gateway.fleet.Fleet;
import dev.relay.gateway.fleet.Fleet.TestKey;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tier limits from auth-service ({@code GET /internal/tiers}) hold per account, over all its keys: tier {@code duo}
 * allows 2 requests a minute, tier {@code direct-one} 1 a minute in direct mode (FakeFleet). Free model, so that
 * only limits can refuse.
 */
@QuarkusTest
@WithTestResource(FakeFleet.class)
class TierLimitsTest {

    @Inject
    RedisDataSource redis;

    static final String BODY = "{\"model\":\"test-free\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    static Response chat(TestKey key) {
        return given().header("X-API-Key", key.secret()).contentType("application/json").body(BODY)
                .when().post("/v1/chat/completions");
    }

    /** Each test sends a handful of requests that must share one fixed window: never start in a window's last seconds. */
    @BeforeEach
    void awayFromAWindowsEnd() throws InterruptedException {
        long intoWindowMs = Instant.now().toEpochMilli() % 60_000;
        if (intoWindowMs > 55_000) {
            Thread.sleep(60_000 - intoWindowMs + 100);
        }
    }

    @Test
    void keysOfOneAccountTogetherStopAtTheTiersRequestsPerMinute() {
        String account = "acct-" + UUID.randomUUID();
        TestKey first = Fleet.keyOnTier(account, "duo", 1000);
        TestKey second = Fleet.keyOnTier(account, "duo", 1000);

        chat(first).then().statusCode(200);
        chat(second).then().statusCode(200);
        chat(first).then().statusCode(429)
                .body("error.code", equalTo("rate_limit_exceeded"))
                .header("x-ratelimit-limit-requests", "2")
                .header("x-ratelimit-remaining-requests", "0");
    }

    @Test
    void anotherAccountOnTheSameTierHasAWindowOfItsOwn() {
        TestKey busy = Fleet.keyOnTier("acct-" + UUID.randomUUID(), "duo", 1000);
        chat(busy).then().statusCode(200);
        chat(busy).then().statusCode(200);
        chat(busy).then().statusCode(429);

        chat(Fleet.keyOnTier("acct-" + UUID.randomUUID(), "duo", 1000)).then().statusCode(200);
    }

    @Test
    void tiersLimitForTheRoutedModeRefusesOnceItIsUsed() {
        TestKey key = Fleet.keyOnTier("acct-" + UUID.randomUUID(), "direct-one", 1000);

        chat(key).then().statusCode(200);
        chat(key).then().statusCode(429).header("x-ratelimit-limit-requests", "1");
    }

    @Test
    void requestsRefusedByAKeysOwnLimitLeaveItsAccountsTierWindowAlone() {
        String account = "acct-" + UUID.randomUUID();
        TestKey hammering = Fleet.keyOnTier(account, "duo", 1);
        chat(hammering).then().statusCode(200);
        for (int i = 0; i < 3; i++) {
            chat(hammering).then().statusCode(429).header("x-ratelimit-limit-requests", "1");
        }

        chat(Fleet.keyOnTier(account, "duo", 1000)).then().statusCode(200);
    }

    @Test
    void admittedResponsesReportTheWindowWithTheFewestRequestsLeft() {
        TestKey key = Fleet.keyOnTier("acct-" + UUID.randomUUID(), "duo", 1000);

        chat(key).then().statusCode(200)
                .header("x-ratelimit-limit-requests", "2")
                .header("x-ratelimit-remaining-requests", "1");
    }
    @Test
    void aKeyOverItsTiersDirectWindowIsStillAdmittedInOpengpu() {
        TestKey key = Fleet.keyOnTier("acct-" + UUID.randomUUID(), "direct-one", 1000);
        redis.value(String.class).set(RedisKeys.balance(key.accountId()), "1000000");
        chat(key).then().statusCode(200);
        chat(key).then().statusCode(429);

        given().header("X-API-Key", key.secret()).contentType("application/json")
                .body(BODY.replace("test-free", "test-opengpu")).when().post("/v1/chat/completions")
                .then().statusCode(200).body("mode", equalTo("opengpu"));
    }

    @Test
    void autoRequestTheRouterSendsToOpengpuCountsInTheOpengpuWindowOnly() {
        TestKey key = Fleet.keyOnTier("acct-" + UUID.randomUUID(), "direct-one", 1000);
        redis.value(String.class).set(RedisKeys.balance(key.accountId()), "1000000");
        for (int i = 0; i < 2; i++) {
            given().header("X-API-Key", key.secret()).contentType("application/json")
                    .body(BODY.replace("test-free", "test-opengpu")).when().post("/v1/chat/completions")
                    .then().statusCode(200).body("mode", equalTo("opengpu"));
        }

        chat(key).then().statusCode(200); // direct: its one request a minute is still there
    }
}
