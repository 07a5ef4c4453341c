package dev.relay.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.relay.auth.service.ApiKeyHasher;
import dev.relay.auth.support.KeyEventsTap;
import dev.relay.auth.support.Operator;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

@QuarkusTest
class KeyRevocationTest {

    @Test
    void revokedKeyIsNoLongerFound() {
        String account = Operator.createAccount("basic");
        JsonPath key = Operator.createKey(account, "{\"name\":\"ci\"}");

        revoke(account, key.getString("id"));

        given().when().get("/internal/keys/" + ApiKeyHasher.sha256Hex(key.getString("key"))).then().statusCode(404);
    }

    @Test
    void revocationPublishesRevokedEventNamingTheHash() {
        String account = Operator.createAccount("basic");
        JsonPath key = Operator.createKey(account, "{\"name\":\"ci\"}");

        revoke(account, key.getString("id"));

        KeyEventsTap.Received event = KeyEventsTap.await(key.getString("id"), "REVOKED");
        assertEquals(ApiKeyHasher.sha256Hex(key.getString("key")), event.event().path("keyHash").asText());
        assertEquals(account, event.event().path("accountId").asText());
    }

    @Test
    void revokedKeyLeavesTheListing() {
        String account = Operator.createAccount("basic");
        String keyId = Operator.createKey(account, "{\"name\":\"ci\"}").getString("id");

        revoke(account, keyId);

        given().when().get("/internal/accounts/" + account + "/keys").then().statusCode(200).body("keys", empty());
    }

    @Test
    void revokingAKeyTwiceIsNotFound() {
        String account = Operator.createAccount("basic");
        String keyId = Operator.createKey(account, "{\"name\":\"ci\"}").getString("id");
        revoke(account, keyId);

        given().when().delete("/internal/accounts/" + account + "/keys/" + keyId).then().statusCode(404);
    }

    @Test
    void anotherAccountCannotRevokeTheKey() {
        String owner = Operator.createAccount("basic");
        JsonPath key = Operator.createKey(owner, "{\"name\":\"ci\"}");

        given().when().delete("/internal/accounts/" + Operator.createAccount("basic") + "/keys/" + key.getString("id"))
                .then().statusCode(404);
        given().when().get("/internal/keys/" + ApiKeyHasher.sha256Hex(key.getString("key"))).then().statusCode(200);
    }

    private static void revoke(String account, String keyId) {
        given().when().delete("/internal/accounts/" + account + "/keys/" + keyId).then().statusCode(204);
    }
}
