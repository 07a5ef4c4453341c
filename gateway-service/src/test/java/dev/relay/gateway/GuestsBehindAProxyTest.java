package dev.relay.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.relay.gateway.fleet.FakeFleet;
import dev.relay.gateway.fleet.Fleet;
import dev.relay.gateway.fleet.Fleet.TestKey;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Behind an Ingress every connection comes from the proxy. With forwarding on for trusted proxies (what the Helm
 * chart sets from services.gateway.trustedProxies) each guest is counted under its own address from
 * X-Forwarded-For, not all under the proxy's; so are the wrong keys each guest presents.
 */
@QuarkusTest
@TestProfile(GuestsBehindAProxyTest.BehindAProxy.class)
@WithTestResource(FakeFleet.class)
class GuestsBehindAProxyTest {

    @Inject
    RedisDataSource redis;

    public static class BehindAProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // What the Helm chart sets with services.gateway.trustedProxies; the test client is the proxy.
            return Map.of("quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true",
                    "quarkus.http.proxy.trusted-proxies", "127.0.0.0/8",
                    "relay.gateway.guest.wrong-key-rpm", "3");
        }
    }

    @Test
    void twoGuestsBehindTheSameProxyHaveAWindowEach() {
        String first = randomAddress();
        String second = randomAddress();

        int firstLeft = remainingAfterOneCallFrom(first);
        int firstLeftAgain = remainingAfterOneCallFrom(first);
        int secondLeft = remainingAfterOneCallFrom(second);

        assertEquals(firstLeft - 1, firstLeftAgain, "the same guest is counted twice");
        assertEquals(firstLeft, secondLeft, "another guest starts with a window of its own");
    }

    @Test
    void wrongKeysFromAnAddressAre429sPastItsLimitWhileEveryValidKeyFromItIsServed() throws InterruptedException {
        String address = randomAddress();
        TestKey known = Fleet.fundedKey(redis, 1_000_000);
        TestKey fresh = Fleet.fundedKey(redis, 1_000_000);
        String reset = withKey(address, known.secret()).statusCode(200).extract().header("x-ratelimit-reset-requests");
        int secondsLeft = Integer.parseInt(reset.replace("s", ""));
        if (secondsLeft < 3) { // windows are whole minutes: the one under test must not end halfway
            Thread.sleep(secondsLeft * 1000L + 100);
        }

        for (int i = 0; i < 3; i++) {
            withKey(address, "relay_sk_wrong" + i).statusCode(401).body("error.code", equalTo("invalid_api_key"));
        }
        withKey(address, "relay_sk_wrong3").statusCode(429).header("Retry-After", notNullValue())
                .body("error.code", equalTo("rate_limit_exceeded"))
                .body("error.message", startsWith("Too many wrong API keys"));

        // Behind a proxy every client may share the address: their keys are served all the same.
        withKey(address, known.secret()).statusCode(200);
        withKey(address, fresh.secret()).statusCode(200);
        withKey(randomAddress(), "relay_sk_wrong4").statusCode(401);
    }

    private static ValidatableResponse withKey(String address, String key) {
        return given().header("X-Forwarded-For", address).header("X-API-Key", key).when().get("/v1/models").then();
    }

    private static int remainingAfterOneCallFrom(String address) {
        return Integer.parseInt(given().header("X-Forwarded-For", address).when().get("/v1/models").then()
                .statusCode(200).extract().header("x-ratelimit-remaining-requests"));
    }

    /** Fresh in every run, so that a window left by an earlier run within the same minute does not count. */
    private static String randomAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }
}
