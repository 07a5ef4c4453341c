package dev.relay.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two gateway replicas on one Redis and one Kafka: limits and revocations hold across them. */
class TwoGatewaysTest {

    private static final String MODEL = "Qwen/Qwen3-Coder";
    private static Fleet fleet;

    @BeforeAll
    static void startFleet() throws Exception {
        fleet = Fleet.start();
        assertEquals(2, fleet.gatewayUrls.size(), "the e2e fleet runs two gateways: " + fleet.gatewayUrls);
    }

    private static int chat(String gateway, String key) {
        return given().baseUri(gateway).header("Authorization", "Bearer " + key).contentType("application/json")
                .body(Map.of("model", MODEL, "max_tokens", 1, "messages", List.of(Map.of("role", "user", "content", "hi"))))
                .post("/v1/chat/completions").statusCode();
    }

    @Test
    void twoReplicasTogetherAdmitNoMoreThanTheKeysLimit() {
        Account account = Account.create(fleet, 5_000_000, 4);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            statuses.add(chat(fleet.gatewayUrls.get(i % 2), account.key()));
        }

        assertEquals(4, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(4, statuses.stream().filter(s -> s == 429).count(), statuses.toString());
    }

    @Test
    void aKeyDeletedThroughOneReplicaIsRefusedByBoth() throws InterruptedException {
        Account account = Account.funded(fleet, 5_000_000);
        for (String gateway : fleet.gatewayUrls) {
            assertEquals(200, chat(gateway, account.key()), "the key works (and is cached) on " + gateway);
        }
        String keyId = given().baseUri(fleet.baseUrl).header("Authorization", "Bearer " + account.key())
                .get("/v1/keys").then().statusCode(200).extract().path("keys[0].id");

        given().baseUri(fleet.gatewayUrls.get(1)).header("Authorization", "Bearer " + account.key())
                .delete("/v1/keys/" + keyId).then().statusCode(204);

        long deleted = System.nanoTime();
        for (String gateway : fleet.gatewayUrls) {
            // Generous for a loaded CI machine; the time it took is printed, the target is a second.
            long deadline = deleted + 10_000_000_000L;
            int status;
            while ((status = chat(gateway, account.key())) != 401 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(401, status, gateway + " still takes the deleted key");
            System.out.printf("deleted key refused by %s after %d ms%n", gateway, (System.nanoTime() - deleted) / 1_000_000);
        }
    }
}
