package dev.relay.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.fleet.FakeFleet;
import dev.relay.gateway.fleet.Fleet;
import dev.relay.gateway.fleet.Fleet.TestKey;
import dev.relay.gateway.fleet.UsageEvents;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(FakeFleet.class)
class AuthenticationTest {

    static final String BODY = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Inject
    RedisDataSource redis;

    @Test
    void wrongKeyIsRefusedWithTheOpenAiEnvelopeAndNothingIsMetered() {
        String requestId = UUID.randomUUID().toString();
        given().header("X-API-Key", "relay_sk_doesnotexist0000000000000000000000").header("x-request-id", requestId)
                .contentType("application/json").body(BODY.formatted("test-ok"))
                .when().post("/v1/chat/completions")
                .then().statusCode(401)
                .body("error.message", equalTo("Invalid API key"))
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.param", nullValue())
                .body("error.code", equalTo("invalid_api_key"));
        assertTrue(UsageEvents.noneExpectedFor(requestId).isEmpty());
    }

    @Test
    void missingKeyOnAModelOutsideTheGuestListIs401AndNothingIsMetered() {
        String requestId = UUID.randomUUID().toString();
        given().header("x-request-id", requestId).contentType("application/json").body(BODY.formatted("test-ok"))
                .when().post("/v1/chat/completions")
                .then().statusCode(401).body("error.code", equalTo("invalid_api_key"));
        assertTrue(UsageEvents.noneExpectedFor(requestId).isEmpty());
    }

    @Test
    void guestMayUseTheConfiguredFreeModel() {
        given().contentType("application/json").body(BODY.formatted("test-free"))
                .when().post("/v1/chat/completions")
                .then().statusCode(200).body("choices[0].message.content", equalTo("hello from the fake worker"));
    }

    @Test
    void bearerKeyIsAccepted() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        given().header("Authorization", "Bearer " + key.secret()).contentType("application/json")
                .body(BODY.formatted("test-ok"))
                .when().post("/v1/chat/completions").then().statusCode(200);
    }

    @Test
    void apiKeyHeaderWinsOverBearer() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        given().header("X-API-Key", key.secret()).header("Authorization", "Bearer relay_sk_wrong000000000000000000000000")
                .contentType("application/json").body(BODY.formatted("test-ok"))
                .when().post("/v1/chat/completions").then().statusCode(200);
        given().header("X-API-Key", "relay_sk_wrong000000000000000000000000").header("Authorization", "Bearer " + key.secret())
                .contentType("application/json").body(BODY.formatted("test-ok"))
                .when().post("/v1/chat/completions").then().statusCode(401);
    }
}
