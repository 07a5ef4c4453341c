package dev.relay.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A key id in the path names a key of the caller's own account, whatever characters it is spelled with. */
class KeyOwnershipTest {

    private static Fleet fleet;

    @BeforeAll
    static void startFleet() throws Exception {
        fleet = Fleet.start();
    }

    private static String firstKeyId(Account account) {
        return given().baseUri(fleet.baseUrl).header("Authorization", "Bearer " + account.key())
                .get("/v1/keys").then().statusCode(200).extract().path("keys[0].id");
    }

    @Test
    void aKeyIdClimbingOutOfThePathCannotRevokeAnotherAccountsKey() {
        Account victim = Account.create(fleet, 0, 100);
        Account caller = Account.create(fleet, 0, 100);
        String victimKey = firstKeyId(victim);

        given().baseUri(fleet.baseUrl).header("Authorization", "Bearer " + caller.key()).urlEncodingEnabled(false)
                .delete("/v1/keys/..%2F..%2F" + victim.id() + "%2Fkeys%2F" + victimKey)
                .then().statusCode(404).body("error.code", equalTo("not_found"));

        given().baseUri(fleet.baseUrl).header("Authorization", "Bearer " + victim.key())
                .get("/v1/keys").then().statusCode(200).body("keys[0].id", equalTo(victimKey));
    }

    @Test
    void aKeyIdOfDotsRevokesNothing() {
        Account caller = Account.create(fleet, 0, 100);
        String ownKey = firstKeyId(caller);

        for (String dots : new String[] {"..", "%2E%2E", ".%2E", "..%2F"}) {
            given().baseUri(fleet.baseUrl).header("Authorization", "Bearer " + caller.key()).urlEncodingEnabled(false)
                    .delete("/v1/keys/" + dots).then().statusCode(404);
        }

        assertEquals(ownKey, firstKeyId(caller));
    }

    @Test
    void revokingAnUnknownKeyIsA404NamingTheKey() {
        Account caller = Account.create(fleet, 0, 100);

        given().baseUri(fleet.baseUrl).header("Authorization", "Bearer " + caller.key())
                .delete("/v1/keys/key_doesnotexist").then().statusCode(404)
                .body("error.type", equalTo("invalid_request_error")).body("error.code", equalTo("not_found"));
    }

    @Test
    void aKeyLimitedByTheOperatorCannotMintItselfAnUnlimitedOne() {
        Account account = Account.create(fleet, 0, 100);
        String limited = given().baseUri(fleet.authUrl).header("Authorization", "Bearer " + fleet.operatorToken)
                .contentType("application/json").body(Map.of("name", "third party", "rpm_limit", 3,
                        "allowed_models", List.of("gpt-oss:20b")))
                .post("/operator/accounts/" + account.id() + "/keys").then().statusCode(201).extract().path("key");

        given().baseUri(fleet.baseUrl).header("Authorization", "Bearer " + limited).contentType("application/json")
                .body(Map.of("name", "escape", "rpm_limit", 1000)).post("/v1/keys")
                .then().statusCode(403).body("error.code", equalTo("key_permission_denied"));
        given().baseUri(fleet.baseUrl).header("Authorization", "Bearer " + limited)
                .delete("/v1/keys/" + firstKeyId(account))
                .then().statusCode(403).body("error.code", equalTo("key_permission_denied"));
        given().baseUri(fleet.baseUrl).header("Authorization", "Bearer " + limited).contentType("application/json")
                .body(Map.of("name", "same reach")).post("/v1/keys")
                .then().statusCode(201).body("rpm_limit", equalTo(3)).body("allowed_models[0]", equalTo("gpt-oss:20b"));
    }
}
