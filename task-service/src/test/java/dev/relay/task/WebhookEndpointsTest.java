package dev.relay.task;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.relay.task.service.TaskWebhooks;
import dev.relay.task.support.Webhooks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An account's webhook endpoints: registered with a secret shown once, listed, deleted, and only its own. */
@QuarkusTest
class WebhookEndpointsTest {

    private static final String URL = "http://127.0.0.1:9/hook";

    @Inject
    TaskWebhooks webhooks;

    @Test
    void registeringAnswersTheEndpointWithItsSigningSecret() {
        register(account(), Map.of("url", URL)).then().statusCode(201)
                .body("id", matchesPattern("wh_[0-9a-f]{32}"))
                .body("url", equalTo(URL))
                .body("created_at", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"))
                .body("secret", matchesPattern("whsec_[A-Za-z0-9+/]{43}="));
    }

    @Test
    void theListShowsTheAccountsOwnEndpointsWithoutSecrets() {
        String account = account();
        String id = register(account, Map.of("url", URL)).then().statusCode(201).extract().path("id");
        register(account(), Map.of("url", URL)).then().statusCode(201);

        list(account).then().statusCode(200)
                .body("webhooks", hasSize(1))
                .body("webhooks[0].id", equalTo(id))
                .body("webhooks[0].url", equalTo(URL))
                .body("webhooks[0].secret", nullValue());
    }

    @Test
    void aDeletedEndpointIsGoneAndDeletingItAgainIsNotFound() {
        String account = account();
        String id = register(account, Map.of("url", URL)).then().extract().path("id");

        delete(id, account).then().statusCode(204);

        list(account).then().body("webhooks", hasSize(0));
        delete(id, account).then().statusCode(404).body("error.code", equalTo("not_found"));
    }

    @Test
    void anotherAccountsEndpointCannotBeDeleted() {
        String owner = account();
        String id = register(owner, Map.of("url", URL)).then().extract().path("id");

        delete(id, account()).then().statusCode(404);

        list(owner).then().body("webhooks", hasSize(1));
    }

    @Test
    void theSameUrlTwiceIsAConflict() {
        String account = account();
        register(account, Map.of("url", URL)).then().statusCode(201);

        register(account, Map.of("url", URL)).then().statusCode(409)
                .body("error.code", equalTo("conflict"))
                .body("error.param", equalTo("url"));
        list(account).then().body("webhooks", hasSize(1));
    }

    @Test
    void theSameUrlWrittenAnotherWayIsAConflict() {
        String account = account();
        register(account, Map.of("url", URL)).then().statusCode(201);

        register(account, Map.of("url", "HTTP://127.0.0.1:9/ho%6Fk")).then().statusCode(409)
                .body("error.param", equalTo("url"));
        list(account).then().body("webhooks", hasSize(1));
    }

    @Test
    void anotherAccountsDeliveriesAreNotFound() {
        String id = register(account(), Map.of("url", URL)).then().extract().path("id");

        given().queryParam("account_id", account()).get("/internal/webhooks/" + id + "/deliveries")
                .then().statusCode(404).body("error.code", equalTo("not_found"));
    }

    @Test
    void anotherAccountsEndpointCannotBeSentATestEvent() {
        String id = register(account(), Map.of("url", URL)).then().extract().path("id");

        given().queryParam("account_id", account()).post("/internal/webhooks/" + id + "/test")
                .then().statusCode(404).body("error.code", equalTo("not_found"));
    }

    /** Deleted between its owner's check and the event owed to it, as a DELETE racing a test call leaves it. */
    @Test
    void aTestEventForAnEndpointDeletedMeanwhileIsOwedToNoOneRatherThanFailing() {
        String account = account();
        String id = register(account, Map.of("url", URL)).then().extract().path("id");
        delete(id, account).then().statusCode(204);

        assertEquals(Optional.empty(), webhooks.test(id, account));
    }

    @Test
    void aDeliveriesLimitOutOfRangeIsRefused() {
        String account = account();
        String id = register(account, Map.of("url", URL)).then().extract().path("id");

        for (String limit : new String[] {"0", "101", "ten", "-1"}) {
            given().queryParam("account_id", account).queryParam("limit", limit)
                    .get("/internal/webhooks/" + id + "/deliveries")
                    .then().statusCode(400).body("error.param", equalTo("limit"));
        }
    }

    @Test
    void anUnknownFieldIsRefusedByName() {
        register(account(), Map.of("url", URL, "events", "task.completed")).then().statusCode(400)
                .body("error.code", equalTo("unknown_parameter"))
                .body("error.param", equalTo("events"));
    }

    @Test
    void aMissingUrlIsRefused() {
        register(account(), Map.of()).then().statusCode(400)
                .body("error.code", equalTo("invalid_value"))
                .body("error.param", equalTo("url"));
    }

    @Test
    void aUrlThatIsNotAStringIsRefused() {
        register(account(), Map.of("url", 42)).then().statusCode(400).body("error.param", equalTo("url"));
    }

    @Test
    void aUrlOfAnotherSchemeIsRefused() {
        register(account(), Map.of("url", "ftp://127.0.0.1/hook")).then().statusCode(400)
                .body("error.param", equalTo("url"));
    }

    @Test
    void aBodyThatIsNotAnObjectIsRefused() {
        given().queryParam("account_id", account()).contentType("application/json").body("[\"" + URL + "\"]")
                .post("/internal/webhooks").then().statusCode(400).body("error.code", equalTo("invalid_json"));
    }

    @Test
    void anAccountHasAtMostTenEndpoints() {
        String account = account();
        for (int i = 0; i < 10; i++) {
            register(account, Map.of("url", URL + i)).then().statusCode(201);
        }

        register(account, Map.of("url", URL)).then().statusCode(409).body("error.code", equalTo("conflict"));

        list(account).then().body("webhooks", hasSize(10));
    }

    @Test
    void everyCallNeedsItsAccount() {
        given().contentType("application/json").body(Map.of("url", URL)).post("/internal/webhooks")
                .then().statusCode(400).body("error.param", equalTo("account_id"));
        given().get("/internal/webhooks").then().statusCode(400).body("error.param", equalTo("account_id"));
    }

    private static Response register(String account, Map<String, ?> body) {
        return Webhooks.register(account, body);
    }

    private static String account() {
        return "acct-" + UUID.randomUUID();
    }

    private static Response list(String account) {
        return given().queryParam("account_id", account).get("/internal/webhooks");
    }

    private static Response delete(String id, String account) {
        return given().queryParam("account_id", account).delete("/internal/webhooks/" + id);
    }
}
