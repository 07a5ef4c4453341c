package dev.relay.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Concurrency must not let anyone spend money they do not have. */
class ConcurrentSpendTest {

    private static final String BODY = "{\"model\":\"Qwen/Qwen3-Coder\",\"max_tokens\":4,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"spend\"}]}";
    private static Fleet fleet;

    @BeforeAll
    static void startFleet() throws Exception {
        fleet = Fleet.start();
    }

    @Test
    void thousandConcurrentRequestsAgainstCreditForAHundredServeAtMostAHundredAndNeverOverdraw() throws Exception {
        long cost = realCostOfOneRequest();
        Account account = Account.funded(fleet, 100 * cost);

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(fleet.baseUrl + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + account.key()).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofString(BODY)).build();
        AtomicInteger served = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            all.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenAccept(r -> {
                if (r.statusCode() == 200) {
                    served.incrementAndGet();
                } else if (r.statusCode() == 402) {
                    refused.incrementAndGet();
                }
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();

        assertTrue(served.get() <= 100, "served " + served.get() + " requests with credit for 100");
        assertTrue(served.get() > 0, "served nothing");
        assertEquals(1000, served.get() + refused.get(), "every request is either served or refused with 402");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertEquals(100 * cost - served.get() * cost, account.ledgerBalanceMicro()));
        assertTrue(account.ledgerBalanceMicro() >= 0, "balance went below zero");
    }

    /** The simulator answers the same request with the same token counts: measure its cost once on another account. */
    private static long realCostOfOneRequest() {
        Account probe = Account.funded(fleet, 1_000_000);
        Map<String, Object> usage = given().baseUri(fleet.baseUrl).header("Authorization", "Bearer " + probe.key())
                .contentType("application/json").body(BODY).post("/v1/chat/completions")
                .then().statusCode(200).extract().path("usage");
        return Prices.of(fleet, "Qwen/Qwen3-Coder").cost(
                ((Number) usage.get("prompt_tokens")).longValue(), ((Number) usage.get("completion_tokens")).longValue());
    }
}
