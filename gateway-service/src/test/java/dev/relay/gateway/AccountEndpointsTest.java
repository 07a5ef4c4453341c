package dev.relay.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.relay.gateway.fleet.Eventually;
import dev.relay.gateway.fleet.FakeFleet;
import dev.relay.gateway.fleet.Fleet;
import dev.relay.gateway.fleet.Fleet.TestKey;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(FakeFleet.class)
class AccountEndpointsTest {

    @Test
    void balanceIsTheCallersOwnFromBilling() {
        TestKey key = Fleet.newKey(100);
        given().header("X-API-Key", key.secret()).when().get("/v1/balance")
                .then().statusCode(200)
                .body("account_id", equalTo(key.accountId()))
                .body("credits_micro", equalTo(4242));
    }

    @Test
    void usageIsTheCallersOwnFromBillingWithItsPaging() {
        TestKey key = Fleet.newKey(1000);
        given().header("X-API-Key", key.secret()).queryParam("limit", "2").queryParam("cursor", "a+b=")
                .when().get("/v1/usage")
                .then().statusCode(200)
                .body("data[0].account", equalTo(key.accountId()))
                .body("data[0].limit", equalTo("2"))
                .body("data[0].cursor", equalTo("a+b="));
    }

    @Test
    void keylessAccountCallsAre401() {
        given().when().get("/v1/balance").then().statusCode(401).body("error.code", equalTo("invalid_api_key"));
        given().when().get("/v1/keys").then().statusCode(401);
        given().when().get("/v1/usage").then().statusCode(401);
    }

    @Test
    void keysAreListedForTheCallersAccount() {
        TestKey key = Fleet.newKey(100);
        given().header("X-API-Key", key.secret()).when().get("/v1/keys")
                .then().statusCode(200).body("account_id", equalTo(key.accountId()));
    }

    @Test
    void keyCreationPassesAuthsStatusAndBodyThrough() {
        TestKey key = Fleet.newKey(100);
        given().header("X-API-Key", key.secret()).contentType("application/json")
                .body("{\"name\":\"ci\",\"rpm_limit\":5}").when().post("/v1/keys")
                .then().statusCode(201).body("name", equalTo("ci")).body("account_id", equalTo(key.accountId()));
    }

    @Test
    void aKeyRequestStartingWithAByteOrderMarkIsTakenAsChatIs() {
        posted("/v1/keys", "\uFEFF{\"name\":\"ci\"}".getBytes(StandardCharsets.UTF_8))
                .then().statusCode(201).body("name", equalTo("ci"));
    }

    @Test
    void aKeyRequestThatIsNotUtf8IsRefusedRatherThanStoredWithReplacementCharacters() {
        assertRefusedAsNotUtf8(postedInLatin1("/v1/keys", "{\"name\":\"ci\u00ff\"}"));
    }

    @Test
    void deletingAnUnknownKeyPassesAuths404Through() {
        TestKey key = Fleet.newKey(100);
        given().header("X-API-Key", key.secret()).when().delete("/v1/keys/key-unknown").then().statusCode(404);
        given().header("X-API-Key", key.secret()).when().delete("/v1/keys/key-known").then().statusCode(204);
    }

    @Test
    void webhooksAreListedForTheCallersAccount() {
        TestKey key = Fleet.newKey(100);
        given().header("X-API-Key", key.secret()).when().get("/v1/webhooks")
                .then().statusCode(200).body("account_id", equalTo(key.accountId()));
    }

    @Test
    void webhookRegistrationPassesTaskServicesStatusAndBodyThrough() {
        TestKey key = Fleet.newKey(100);
        given().header("X-API-Key", key.secret()).contentType("application/json")
                .body("{\"url\":\"https://example.com/hook\"}").when().post("/v1/webhooks")
                .then().statusCode(201).body("url", equalTo("https://example.com/hook"))
                .body("account_id", equalTo(key.accountId()));
    }

    @Test
    void aWebhookBodyThatIsNotUtf8IsRefusedRatherThanRegisteredAsAnotherUrl() {
        assertRefusedAsNotUtf8(postedInLatin1("/v1/webhooks", "{\"url\":\"https://example.com/\u00ff\"}"));
    }

    @Test
    void deletingAWebhookPassesTaskServicesAnswerThrough() {
        TestKey key = Fleet.newKey(100);
        given().header("X-API-Key", key.secret()).when().delete("/v1/webhooks/wh_known").then().statusCode(204);
        given().header("X-API-Key", key.secret()).when().delete("/v1/webhooks/wh_unknown").then().statusCode(404)
                .body("error.code", equalTo("not_found"));
        given().header("X-API-Key", key.secret()).when().delete("/v1/webhooks/..%2F..%2Ftasks").then().statusCode(404)
                .body("error.code", equalTo("not_found"));
    }

    @Test
    void anEndpointsDeliveriesArePassedThroughWithTheirLimit() {
        TestKey key = Fleet.newKey(100);
        given().header("X-API-Key", key.secret()).queryParam("limit", "5")
                .when().get("/v1/webhooks/wh_known/deliveries")
                .then().statusCode(200)
                .body("account_id", equalTo(key.accountId()))
                .body("endpoint", equalTo("wh_known"))
                .body("limit", equalTo("5"));
    }

    @Test
    void aTestEventIsAskedForTheCallersEndpoint() {
        TestKey key = Fleet.newKey(100);
        given().header("X-API-Key", key.secret()).when().post("/v1/webhooks/wh_known/test")
                .then().statusCode(202)
                .body("account_id", equalTo(key.accountId()))
                .body("endpoint", equalTo("wh_known"))
                .body("event_id", equalTo("evt_test"));
    }

    @Test
    void aKeyRestrictedToSomeModelsCannotManageWebhooks() {
        TestKey key = Fleet.newKeyFor(java.util.List.of("test-ok"));
        given().header("X-API-Key", key.secret()).when().get("/v1/webhooks").then().statusCode(403)
                .body("error.code", equalTo("key_permission_denied"));
        given().header("X-API-Key", key.secret()).contentType("application/json")
                .body("{\"url\":\"https://example.com/hook\"}").when().post("/v1/webhooks").then().statusCode(403);
        given().header("X-API-Key", key.secret()).when().delete("/v1/webhooks/wh_known").then().statusCode(403);
        given().header("X-API-Key", key.secret()).when().get("/v1/webhooks/wh_known/deliveries").then().statusCode(403);
    }

    @Test
    void keylessWebhookCallsAre401() {
        given().when().get("/v1/webhooks").then().statusCode(401).body("error.code", equalTo("invalid_api_key"));
        given().contentType("application/json").body("{\"url\":\"https://example.com/hook\"}")
                .when().post("/v1/webhooks").then().statusCode(401);
    }

    @Test
    void aPeerFailingWithA5xxIsA503InTheOpenAiEnvelopeWithoutThePeersText() {
        TestKey key = Fleet.newKey(100);
        String body = given().header("X-API-Key", key.secret()).when().delete("/v1/keys/key-crash").then()
                .statusCode(503).body("error.type", equalTo("server_error")).extract().asString();
        assertFalse(body.contains("NullPointerException"), body);
    }

    @Test
    void headOnAReadableEndpointAnswersItsHeadersWithoutABody() {
        TestKey key = Fleet.newKey(100);
        for (String path : new String[] {"/v1/models", "/v1/models/test-ok", "/v1/balance", "/v2/ollama/api/tags"}) {
            String body = given().header("X-API-Key", key.secret()).when().head(path).then().statusCode(200)
                    .header("x-request-id", notNullValue()).header("Content-Type", containsString("json"))
                    .extract().asString();
            assertEquals("", body, path);
        }
    }

    @Test
    void modelsAreAnOpenAiList() {
        given().when().get("/v1/models").then().statusCode(200)
                .body("object", equalTo("list"))
                .body("data[0].id", equalTo("direct.sim.test-ok"))
                .body("data[0].object", equalTo("model"))
                .body("data[0].owned_by", equalTo("relay"))
                .body("data[0].context_window", equalTo(8192));
    }

    @Test
    void oneModelIsFoundByItsIdEvenWithSlashes() {
        given().when().get("/v1/models/direct.sim.test-ok").then().statusCode(200).body("id", equalTo("direct.sim.test-ok"));
        given().when().get("/v1/models/test-ok").then().statusCode(200).body("object", equalTo("model"))
                .body("id", equalTo("test-ok")); // named as asked, as OpenAI's retrieve answers
        given().when().get("/v1/models/no/such-model").then().statusCode(404).body("error.code", equalTo("model_not_found"));
    }

    @Test
    void anAliasIsListedAndFoundAsTheModelItNames() {
        Eventually.until(() -> given().when().get("/v1/models/test-smart").statusCode() == 200, Duration.ofSeconds(10),
                "the mirror of the router's policy to be loaded");
        given().when().get("/v1/models/test-smart").then().statusCode(200)
                .body("id", equalTo("test-smart"))
                .body("context_window", equalTo(8192));
        given().when().get("/v1/models").then().statusCode(200).body("data.id", hasItem("test-smart"));
    }

    @Test
    void v2ModelsAreGroupedByModeAndSourceWithPrices() {
        given().when().get("/v2/models").then().statusCode(200)
                .body("modes.direct.sim[0].id", equalTo("direct.sim.test-ok"))
                .body("modes.direct.sim[0].context_window", equalTo(8192))
                .body("modes.direct.sim[0].pricing.input_per_million_micro", equalTo(1_000_000))
                .body("modes.direct.sim[0].pricing.output_per_million_micro", equalTo(2_000_000));
    }

    @Test
    void anthropicClientsListModelsInAnthropicsShape() {
        given().when().get("/v2/anthropic/v1/models").then().statusCode(200)
                .body("data[0].type", equalTo("model"))
                .body("data[0].id", equalTo("test-ok"))
                .body("data[0].created_at", notNullValue())
                .body("has_more", equalTo(false))
                .body("first_id", equalTo("test-ok"));
    }

    @Test
    void anthropicClientsRetrieveOneModelOrGetAnthropicsNotFound() {
        given().when().get("/v2/anthropic/v1/models/test-ok").then().statusCode(200)
                .body("type", equalTo("model")).body("id", equalTo("test-ok"));
        given().when().get("/v2/anthropic/v1/models/no-such-model").then().statusCode(404)
                .body("type", equalTo("error")).body("error.type", equalTo("not_found_error"));
    }

    @Test
    void anAnthropicModelListLimitOutOfRangeIsAnInvalidRequest() {
        given().when().get("/v2/anthropic/v1/models?limit=0").then().statusCode(400)
                .body("error.type", equalTo("invalid_request_error"));
        given().when().get("/v2/anthropic/v1/models?limit=1").then().statusCode(200).body("data", hasSize(1));
    }

    @Test
    void ollamaClientsListModelsAsOllamaTags() {
        given().when().get("/v2/ollama/api/tags").then().statusCode(200)
                .body("models[0].name", equalTo("test-ok"))
                .body("models[0].model", equalTo("test-ok"))
                .body("models[0].modified_at", notNullValue())
                .body("models[0].details", notNullValue());
    }

    /** A JSON body sent in ISO-8859-1: its {@code ÿ} is the byte 0xFF, which no UTF-8 text holds. */
    private static Response postedInLatin1(String path, String json) {
        return posted(path, json.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A JSON body as these bytes, under a new key of its own. */
    private static Response posted(String path, byte[] body) {
        return given().header("X-API-Key", Fleet.newKey(100).secret()).contentType("application/json")
                .body(body).when().post(path);
    }

    private static void assertRefusedAsNotUtf8(Response answer) {
        answer.then().statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.message", containsString("UTF-8"));
    }
}
