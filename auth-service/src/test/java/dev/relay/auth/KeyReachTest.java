package dev.relay.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.relay.auth.support.Operator;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

/** A key manages the account's keys only as far as it reaches itself: no higher rate, no other models. */
@QuarkusTest
class KeyReachTest {

    private static ValidatableResponse createWith(String account, String actingKey, String body) {
        return given().contentType("application/json").body(body)
                .when().post("/internal/accounts/" + account + "/keys?acting_key=" + actingKey).then();
    }

    private static ValidatableResponse revokeWith(String account, String actingKey, String keyId) {
        return given().when().delete("/internal/accounts/" + account + "/keys/" + keyId + "?acting_key=" + actingKey)
                .then();
    }

    /** The account's live keys, as the internal listing shows them. */
    private static ValidatableResponse liveKeys(String account) {
        return given().when().get("/internal/accounts/" + account + "/keys").then().statusCode(200);
    }

    @Test
    void aKeyRestrictedToSomeModelsMakesKeysRestrictedToThemWhenNoneAreNamed() {
        String account = Operator.createAccount("pro");
        String restricted = Operator.createKey(account, "{\"rpm_limit\":100,\"allowed_models\":[\"gpt-oss:20b\"]}")
                .getString("id");

        createWith(account, restricted, "{\"name\":\"ci\"}").statusCode(201)
                .body("allowed_models", contains("gpt-oss:20b"));
    }

    @Test
    void aKeyRestrictedToSomeModelsCannotMakeAKeyForOthers() {
        String account = Operator.createAccount("pro");
        String restricted = Operator.createKey(account, "{\"rpm_limit\":100,\"allowed_models\":[\"gpt-oss:20b\"]}")
                .getString("id");

        createWith(account, restricted, "{\"allowed_models\":[\"gpt-oss:20b\",\"Qwen/Qwen3-Coder\"]}").statusCode(403)
                .body("error.code", equalTo("key_permission_denied"))
                .body("error.param", equalTo("allowed_models"));
    }

    @Test
    void aKeyCannotMakeAKeyWithAHigherRateThanItsOwn() {
        String account = Operator.createAccount("pro");
        String slow = Operator.createKey(account, "{\"rpm_limit\":2}").getString("id");

        createWith(account, slow, "{\"rpm_limit\":1000}").statusCode(403)
                .body("error.code", equalTo("key_permission_denied"))
                .body("error.param", equalTo("rpm_limit"));
    }

    @Test
    void withoutAnRpmLimitTheNewKeyGetsTheDefaultOrTheActingKeysIfLower() {
        String account = Operator.createAccount("pro");
        String slow = Operator.createKey(account, "{\"rpm_limit\":2}").getString("id");
        String fast = Operator.createKey(account, "{\"rpm_limit\":500}").getString("id");

        createWith(account, slow, "{}").statusCode(201).body("rpm_limit", equalTo(2));
        createWith(account, fast, "{}").statusCode(201).body("rpm_limit", equalTo(60));
    }

    @Test
    void anUnrestrictedKeyMakesAnyKeyUpToItsRate() {
        String account = Operator.createAccount("pro");
        String owner = Operator.createKey(account, "{\"rpm_limit\":1000}").getString("id");

        createWith(account, owner, "{\"rpm_limit\":1000,\"allowed_models\":[\"gpt-oss:20b\"]}").statusCode(201);
        createWith(account, owner, "{\"rpm_limit\":1000}").statusCode(201).body("allowed_models", empty());
    }

    @Test
    void aRestrictedKeyCannotRevokeAKeyThatReachesFurther() {
        String account = Operator.createAccount("pro");
        String owner = Operator.createKey(account, "{\"rpm_limit\":1000}").getString("id");
        String restricted = Operator.createKey(account, "{\"rpm_limit\":1000,\"allowed_models\":[\"gpt-oss:20b\"]}")
                .getString("id");

        revokeWith(account, restricted, owner).statusCode(403).body("error.code", equalTo("key_permission_denied"));

        liveKeys(account).body("keys.id", hasItem(owner));
    }

    @Test
    void aKeyRevokesItselfAndKeysThatReachNoFurther() {
        String account = Operator.createAccount("pro");
        String owner = Operator.createKey(account, "{\"rpm_limit\":1000}").getString("id");
        String ci = Operator.createKey(account, "{\"rpm_limit\":10,\"allowed_models\":[\"gpt-oss:20b\"]}")
                .getString("id");

        revokeWith(account, owner, ci).statusCode(204);
        liveKeys(account).body("keys.id", contains(owner));
        revokeWith(account, owner, owner).statusCode(204);
        liveKeys(account).body("keys", empty());
    }

    @Test
    void aKeyOfAnotherAccountActsOnNothing() {
        String account = Operator.createAccount("pro");
        String stranger = Operator.createKey(Operator.createAccount("pro"), "{\"rpm_limit\":1000}").getString("id");
        String key = Operator.createKey(account, "{\"rpm_limit\":10}").getString("id");

        createWith(account, stranger, "{}").statusCode(403);
        revokeWith(account, stranger, key).statusCode(403);

        liveKeys(account).body("keys.id", contains(key));
    }
}
