package dev.relay.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.gateway.fleet.FakeFleet;
import dev.relay.gateway.fleet.Fleet;
import dev.relay.gateway.fleet.Fleet.TestKey;
import dev.relay.gateway.fleet.UsageEvents;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(FakeFleet.class)
class AuthenticationTest {

    static final String BODY = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Inject
    RedisDataSource redis;

    @TestHTTPResource
    URL gateway;

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
    void missingKeyOnAModelOutsideTheGuestListIs403AndNothingIsMetered() {
        String requestId = UUID.randomUUID().toString();
        given().header("x-request-id", requestId).contentType("application/json").body(BODY.formatted("test-ok"))
                .when().post("/v1/chat/completions")
                .then().statusCode(403).body("error.code", equalTo("model_requires_key"));
        assertTrue(UsageEvents.noneExpectedFor(requestId).isEmpty());
    }

    @Test
    void guestMayUseTheConfiguredFreeModel() {
        given().contentType("application/json").body(BODY.formatted("test-free"))
                .when().post("/v1/chat/completions")
                .then().statusCode(200).body("choices[0].message.content", equalTo("hello from the fake worker"));
    }

    @Test
    void guestRequestIsMeteredWithoutAccountOrKeySoThatItsWorkerCanBePaid() {
        String requestId = UUID.randomUUID().toString();
        given().header("x-request-id", requestId).contentType("application/json").body(BODY.formatted("test-free"))
                .when().post("/v1/chat/completions").then().statusCode(200);

        List<JsonNode> events = UsageEvents.forRequest(requestId);
        assertEquals(1, events.size(), events.toString());
        JsonNode event = events.get(0);
        assertTrue(event.path("accountId").isNull(), event.toString());
        assertTrue(event.path("keyId").isNull(), event.toString());
        assertEquals("completed", event.path("outcome").asText());
        assertTrue(event.path("completionTokens").asLong() > 0, event.toString());
        assertFalse(event.toString().contains("guest:"), "the guest's address stays out of the event");
    }

    @Test
    void guestsGetTheRequestLimitOfAuthsGuestTier() throws InterruptedException {
        // The gateway loads auth's tiers in the background after it starts; until then its own guest.rpm applies.
        String limit = null;
        for (int attempt = 0; attempt < 50 && !"999".equals(limit); attempt++) {
            limit = given().contentType("application/json").body(BODY.formatted("test-free"))
                    .when().post("/v1/chat/completions")
                    .then().statusCode(200).extract().header("x-ratelimit-limit-requests");
            if (!"999".equals(limit)) {
                Thread.sleep(100);
            }
        }
        assertEquals("999", limit, "the guest tier's rpm, not relay.gateway.guest.rpm (1000 in tests)");
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
    @Test
    void wrongKeyIsRefusedBeforeItsBodyIsRead() {
        // Larger than the test body limit (64 KiB): read first, it would have been a 413.
        String oversized = BODY.formatted("test-ok").replace("hi", "x".repeat(70_000));
        given().header("X-API-Key", "relay_sk_doesnotexist0000000000000000000000")
                .contentType("application/json").body(oversized)
                .when().post("/v1/chat/completions")
                .then().statusCode(401).body("error.code", equalTo("invalid_api_key"));
    }

    @Test
    void connectionServesTheNextRequestAfterARefusalWhoseBodyWasNeverRead() throws Exception {
        int port = gateway.getPort();
        String refusedBody = BODY.formatted("test-ok");
        String freeBody = BODY.formatted("test-free");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out.write(post("relay_sk_doesnotexist0000000000000000000000", refusedBody));
            out.flush();
            assertEquals("HTTP/1.1 401 Unauthorized", in.readLine());
            skipBody(in);
            out.write(post(null, freeBody));
            out.flush();
            assertEquals("HTTP/1.1 200 OK", in.readLine());
        }
    }

    private static byte[] post(String key, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return ("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + (key == null ? "" : "X-API-Key: " + key + "\r\n")
                + "Content-Length: " + bytes.length + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
    }

    /** Reads the headers and the Content-Length body of one response. */
    private static void skipBody(BufferedReader in) throws IOException {
        int length = 0;
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        for (int i = 0; i < length; i++) {
            in.read();
        }
    }
}
