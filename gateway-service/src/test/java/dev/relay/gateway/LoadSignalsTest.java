package dev.relay.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.relay.gateway.fleet.Eventually;
import dev.relay.gateway.fleet.FakeFleet;
import dev.relay.gateway.fleet.Fleet;
import dev.relay.gateway.fleet.Fleet.TestKey;
import dev.relay.gateway.fleet.UsageEvents;
import dev.relay.gateway.service.PromptShape;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What the router hears about a request's workers: the route answer already counted the first candidate, so the
 * gateway reports later candidates as started, every tried worker as finished, and a request that never went out
 * as released. Each test sends its own prompt, which names its own worker in the fake router.
 */
@QuarkusTest
@WithTestResource(FakeFleet.class)
class LoadSignalsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    RedisDataSource redis;

    @TestHTTPResource("/")
    URL gateway;

    /** A prompt of more than one prefix block, unique to the test, and the worker id the fake router derives. */
    private record Prompt(String content, String workerId) {
        static Prompt unique() {
            String content = "please count the load signals of this request " + UUID.randomUUID()
                    + " with enough words to fill one whole prefix block of sixteen tokens";
            ArrayNode messages = JSON.createArrayNode();
            messages.addObject().put("role", "user").put("content", content);
            long first = PromptShape.of(messages, null, 16, 64).prefixHashes().get(0);
            return new Prompt(content, "counted-" + first);
        }
    }

    private static void chat(TestKey key, String model, Prompt prompt, int status) {
        chat(key, new JsonObject().put("model", model), prompt, status);
    }

    private static void chat(TestKey key, JsonObject fields, Prompt prompt, int status) {
        String body = fields.copy().put("max_tokens", 20)
                .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", prompt.content())))
                .encode();
        given().header("X-API-Key", key.secret()).contentType("application/json").body(body)
                .when().post("/v1/chat/completions").then().statusCode(status);
    }

    private static List<String> kinds(String workerId) {
        return Fleet.signalsFor(workerId).stream()
                .map(s -> ((JsonObject) s).getString("kind") + (((JsonObject) s).getBoolean("ok") ? "" : ":failed"))
                .toList();
    }

    private static void awaitSignal(String workerId, String kind) {
        Eventually.until(() -> kinds(workerId).contains(kind), Duration.ofSeconds(10), kind + " of " + workerId);
    }

    @Test
    void servedRequestIsReportedFinishedOnceAndNeverStarted() {
        Prompt prompt = Prompt.unique();
        chat(Fleet.fundedKey(redis, 1_000_000), "test-counted", prompt, 200);

        awaitSignal(prompt.workerId(), "finished");
        assertEquals(List.of("finished"), kinds(prompt.workerId()));
    }

    @Test
    void requestRefusedForCreditReleasesTheRoutersCount() {
        Prompt prompt = Prompt.unique();
        chat(Fleet.fundedKey(redis, 10), "test-counted", prompt, 402);

        awaitSignal(prompt.workerId(), "released");
        assertEquals(List.of("released"), kinds(prompt.workerId()));
    }

    @Test
    void asyncRequestReleasesTheRoutersCountItRunsLaterWhereverItIsRoutedThen() {
        Prompt prompt = Prompt.unique();
        chat(Fleet.fundedKey(redis, 1_000_000), new JsonObject().put("model", "test-counted").put("async", true), prompt,
                202);

        awaitSignal(prompt.workerId(), "released");
        assertEquals(List.of("released"), kinds(prompt.workerId()));
    }

    @Test
    void requestWhoseClientLeftWhileItWasAdmittedReleasesTheRoutersCountAndBillsNothing() throws Exception {
        Prompt prompt = Prompt.unique();
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        String requestId = UUID.randomUUID().toString();
        int routedBefore = Fleet.routesAskedFor("test-counted-late");
        String body = new JsonObject().put("model", "test-counted-late").put("max_tokens", 20)
                .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", prompt.content())))
                .encode();
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nX-API-Key: " + key.secret() + "\r\nx-request-id: " + requestId
                    + "\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            // The router holds its answer for a second: once it was asked, the request is being admitted. Leave then.
            Eventually.until(() -> Fleet.routesAskedFor("test-counted-late") > routedBefore, Duration.ofSeconds(10),
                    "the route to be asked for");
        }

        awaitSignal(prompt.workerId(), "released");
        assertEquals(List.of("released"), kinds(prompt.workerId()));
        JsonNode event = UsageEvents.forRequest(requestId).get(0);
        assertEquals("client_disconnected", event.path("outcome").asText());
        assertEquals(0, event.path("promptTokens").asLong() + event.path("completionTokens").asLong(), event.toString());
    }

    @Test
    void failoverReportsTheFailedWorkerFinishedAndTheNextOneStarted() {
        Prompt prompt = Prompt.unique();
        chat(Fleet.fundedKey(redis, 1_000_000), "test-counted-failover", prompt, 200);

        awaitSignal(prompt.workerId(), "finished");
        assertEquals(List.of("finished:failed"), kinds("dead-" + prompt.workerId()));
        assertEquals(List.of("started", "finished"), kinds(prompt.workerId()));
    }
}
