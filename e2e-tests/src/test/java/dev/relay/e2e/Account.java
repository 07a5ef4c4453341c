package dev.relay.e2e;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;

/** A fresh account with one key and a known balance, made through the operator APIs. */
record Account(Fleet fleet, String id, String key) {

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
        if (creditsMicro == 0) {
            return new Account(fleet, id, key);
        }
        given().baseUri(fleet.billingUrl).header("Authorization", "Bearer " + fleet.operatorToken)
                .contentType("application/json")
                .body(Map.of("amount_micro", creditsMicro, "reference", "e2e-" + UUID.randomUUID()))
                .post("/operator/accounts/" + id + "/credits").then().statusCode(200);
        return new Account(fleet, id, key);
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
