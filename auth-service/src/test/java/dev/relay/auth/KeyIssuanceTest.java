package dev.relay.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.auth.service.ApiKeyHasher;
import dev.relay.auth.support.KeyEventsTap;
import dev.relay.auth.support.Operator;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

@QuarkusTest
class KeyIssuanceTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void issuedKeyIsRelaySkFollowedByFortyBase62Characters() {
        String secret = Operator.createKey(Operator.createAccount("basic"), "{\"name\":\"ci\"}").getString("key");

        assertTrue(secret.matches("relay_sk_[0-9A-Za-z]{40}"), "unexpected key shape");
    }

    @Test
    void creationAnswersTheRelaiKeyFields() {
        JsonPath key = Operator.createKey(Operator.createAccount("basic"), "{\"name\":\"Production Key\",\"rpm_limit\":120}");

        assertTrue(key.getString("id").startsWith("key_"));
        assertEquals("Production Key", key.getString("name"));
        assertEquals(key.getString("key").substring(0, 12), key.getString("prefix"));
        assertEquals(120, key.getInt("rpm_limit"));
        assertTrue(key.getString("created_at").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
        assertTrue(key.getMap("$").containsKey("last_used_at"));
    }

    @Test
    void databaseHoldsOnlyTheHashOfTheSecret() throws Exception {
        JsonPath key = Operator.createKey(Operator.createAccount("basic"), "{\"name\":\"ci\"}");
        String secret = key.getString("key");

        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT row_to_json(k)::text AS row, k.key_hash FROM api_keys k WHERE k.id = ?")) {
            statement.setString(1, key.getString("id"));
            try (ResultSet row = statement.executeQuery()) {
                assertTrue(row.next());
                assertFalse(row.getString("row").contains(secret), "a column holds the secret");
                assertFalse(row.getString("row").contains(secret.substring(9)), "a column holds the random part");
                assertEquals(ApiKeyHasher.sha256Hex(secret), row.getString("key_hash"));
            }
        }
    }

    @Test
    void keyIsFoundBySha256HexOfItsSecret() {
        String account = Operator.createAccount("pro");
        JsonPath key = Operator.createKey(account, "{\"name\":\"ci\",\"rpm_limit\":42,\"allowed_models\":[\"m-1\"]}");

        given().when().get("/internal/keys/" + ApiKeyHasher.sha256Hex(key.getString("key")))
                .then().statusCode(200)
                .body("keyId", equalTo(key.getString("id")))
                .body("accountId", equalTo(account))
                .body("tier", equalTo("pro"))
                .body("rpmLimit", equalTo(42))
                .body("allowedModels", contains("m-1"))
                .body("revoked", equalTo(false));
    }

    @Test
    void unknownHashIsNotFound() {
        given().when().get("/internal/keys/" + ApiKeyHasher.sha256Hex("relay_sk_never-issued"))
                .then().statusCode(404).body("error.code", equalTo("not_found"));
    }

    @Test
    void listingShowsTheKeyWithoutItsSecret() {
        String account = Operator.createAccount("basic");
        JsonPath key = Operator.createKey(account, "{\"name\":\"listed\"}");

        given().when().get("/internal/accounts/" + account + "/keys")
                .then().statusCode(200)
                .body("keys.id", contains(key.getString("id")))
                .body("keys[0].name", equalTo("listed"))
                .body("keys[0].prefix", equalTo(key.getString("prefix")))
                .body("keys[0].last_used_at", nullValue())
                .body("keys[0]", not(hasKey("key")));
    }

    @Test
    void keyForUnknownAccountIsNotFound() {
        given().contentType("application/json").body("{\"name\":\"x\"}")
                .when().post("/internal/accounts/acct_missing/keys")
                .then().statusCode(404).body("error.type", equalTo("invalid_request_error"));
    }

    @Test
    void creationPublishesCreatedEventKeyedByKeyId() {
        JsonPath key = Operator.createKey(Operator.createAccount("basic"), "{\"name\":\"ci\"}");

        KeyEventsTap.Received event = KeyEventsTap.await(key.getString("id"), "CREATED");

        assertEquals(key.getString("id"), event.recordKey());
        assertEquals(ApiKeyHasher.sha256Hex(key.getString("key")), event.event().path("keyHash").asText());
    }
}
