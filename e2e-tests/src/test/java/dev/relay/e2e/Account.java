package dev.relay.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A fresh account with one key and a known balance, made through the operator APIs. */
record Account(Fleet fleet, String id, String key) {

    private static final String FENCE_MODEL = "Qwen/Qwen3-Coder";

    static Account funded(Fleet fleet, long creditsMicro) {
        return create(fleet, creditsMicro, 1000);
    }

    static Account create(Fleet fleet, long creditsMicro, int rpmLimit) {
        String id = given().baseUri(fleet.authUrl).header("Authorization", "Bearer " + fleet.operatorToken)
                .contentType("application/json").body(Map.of("name", "e2e-" + UUID.randomUUID(), "tier", "pro"))
                .post("/operator/accounts").then().statusCode(201).extract().path("id");
        String key = given().baseUri(fleet.authUrl).header("Authorization", "Bearer " + fleet.operatorToken)
                .contentType("application/json").body(Map.of("name", "e2e", "rpm_limit", rpmLimit))
                .post("/operator/accounts/" + id + "/keys").then().statusCode(201).extract().path("key");
        Account account = new Account(fleet, id, key);
        if (creditsMicro > 0) {
            account.credit(creditsMicro);
        }
        return account;
    }

    /** Adds credit, as an operator's top-up does. */
    void credit(long micro) {
        given().baseUri(fleet.billingUrl).header("Authorization", "Bearer " + fleet.operatorToken)
                .contentType("application/json")
                .body(Map.of("amount_micro", micro, "reference", "e2e-" + UUID.randomUUID()))
                .post("/operator/accounts/" + id + "/credits").then().statusCode(200);
    }

    /**
     * Asserts that nothing was charged before now, or will be: a paid chat request made now is billed after anything
     * earlier (an account's usage events share a partition), so once its debit shows, the balance is {@code expected}
     * less that debit, or something else was charged.
     */
    void assertBalanceStays(long expected) {
        Response paid = given().baseUri(fleet.baseUrl).contentType("application/json")
                .header("Authorization", "Bearer " + key)
                .body(Map.of("model", FENCE_MODEL, "max_tokens", 4,
                        "messages", List.of(Map.of("role", "user", "content", "ok"))))
                .post("/v1/chat/completions");
        assertEquals(200, paid.statusCode(), paid.asString());
        long cost = Prices.of(fleet, FENCE_MODEL).cost(paid.jsonPath().getLong("usage.prompt_tokens"),
                paid.jsonPath().getLong("usage.completion_tokens"));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertEquals(expected - cost, balanceMicro()));
    }

    /** Straight from billing-service: for tests whose key has used up its rate limit on the public API. */
    long ledgerBalanceMicro() {
        return ((Number) given().baseUri(fleet.billingUrl).get("/internal/accounts/" + id + "/balance")
                .then().statusCode(200).extract().path("credits_micro")).longValue();
    }

    long balanceMicro() {
        return ((Number) given().baseUri(fleet.baseUrl).header("Authorization", "Bearer " + key)
                .get("/v1/balance").then().statusCode(200).extract().path("credits_micro")).longValue();
    }
}
