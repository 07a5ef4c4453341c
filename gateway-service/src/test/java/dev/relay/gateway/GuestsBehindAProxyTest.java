package dev.relay.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.relay.gateway.fleet.FakeFleet;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Behind an Ingress every connection comes from the proxy. With forwarding on for trusted proxies (what the Helm
 * chart sets from services.gateway.trustedProxies) each guest is counted under its own address from
 * X-Forwarded-For, not all under the proxy's.
 */
@QuarkusTest
@TestProfile(GuestsBehindAProxyTest.BehindAProxy.class)
@WithTestResource(FakeFleet.class)
class GuestsBehindAProxyTest {

    public static class BehindAProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // What the Helm chart sets with services.gateway.trustedProxies; the test client is the proxy.
            return Map.of("quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true",
                    "quarkus.http.proxy.trusted-proxies", "127.0.0.0/8");
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
