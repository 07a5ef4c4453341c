package dev.relay.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.relay.gateway.fleet.FakeFleet;
import dev.relay.gateway.fleet.Fleet;
import dev.relay.gateway.fleet.Fleet.TestKey;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** A web page may call the API from any origin, as the SDKs' browser mode does; keys travel in headers, not cookies. */
@QuarkusTest
@WithTestResource(FakeFleet.class)
class BrowserCallersTest {

    static final String ORIGIN = "https://app.example.com";
    static final String CHAT = "{\"model\":\"test-ok\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Inject
    RedisDataSource redis;

    @Test
    void aPreflightForTheSdksHeadersIsAllowedWithoutCredentials() {
        given().header("Origin", ORIGIN).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,x-stainless-os,anthropic-version")
                .when().options("/v1/chat/completions")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(ORIGIN))
                .header("Access-Control-Allow-Methods", containsString("POST"))
                .header("Access-Control-Allow-Headers", containsString("x-stainless-os"))
                .header("Access-Control-Allow-Credentials", not(equalTo("true")));
    }

    @Test
    void anAnswerToAPageExposesTheHeadersSdksRead() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        given().header("Origin", ORIGIN).header("Authorization", "Bearer " + key.secret())
                .contentType("application/json").body(CHAT)
                .when().post("/v1/chat/completions")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(ORIGIN))
                .header("Vary", containsString("Origin"))
                .header("Access-Control-Expose-Headers", containsString("x-request-id"))
                .header("Access-Control-Expose-Headers", containsString("x-ratelimit-remaining-requests"))
                .header("Access-Control-Expose-Headers", containsString("retry-after"));
    }

    @Test
    void preflightsAreNotCountedAgainstTheKeysLimit() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        for (int i = 0; i < 3; i++) {
            given().header("Origin", ORIGIN).header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "authorization,content-type")
                    .header("Authorization", "Bearer " + key.secret())
                    .when().options("/v1/chat/completions").then().statusCode(200);
        }

        given().header("Authorization", "Bearer " + key.secret()).contentType("application/json").body(CHAT)
                .when().post("/v1/chat/completions")
                .then().statusCode(200)
                .header("x-ratelimit-remaining-requests", equalTo("999"));
    }
}
