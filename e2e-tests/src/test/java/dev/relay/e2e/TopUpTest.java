package dev.relay.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Credit goes only to accounts auth-service has: billing asks it, as the operator who called. */
class TopUpTest {

    private static Fleet fleet;

    @BeforeAll
    static void startFleet() throws Exception {
        fleet = Fleet.start();
    }

    @Test
    void aTopUpForAnAccountAuthDoesNotHaveIsNotFoundAndAddsNothing() {
        String ghost = "acct_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        given().baseUri(fleet.billingUrl).header("Authorization", "Bearer " + fleet.operatorToken)
                .contentType("application/json")
                .body(Map.of("amount_micro", 1_000, "reference", "e2e-ghost-" + UUID.randomUUID()))
                .post("/operator/accounts/" + ghost + "/credits").then().statusCode(404)
                .body("error.code", equalTo("not_found"));
        given().baseUri(fleet.billingUrl).get("/internal/accounts/" + ghost + "/balance").then().statusCode(200)
                .body("credits_micro", equalTo(0));
    }
}
