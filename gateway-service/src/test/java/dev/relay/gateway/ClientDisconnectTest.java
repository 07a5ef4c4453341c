package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.contracts.RedisKeys;
import dev.relay.gateway.fleet.Eventually;
import dev.relay.gateway.fleet.FakeFleet;
import dev.relay.gateway.fleet.Fleet;
import dev.relay.gateway.fleet.Fleet.TestKey;
import dev.relay.gateway.fleet.LeavingClient;
import dev.relay.gateway.fleet.UsageEvents;
import dev.relay.gateway.service.UnsettledRequests;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(FakeFleet.class)
class ClientDisconnectTest {

    @Inject
    RedisDataSource redis;

    @Inject
    UnsettledRequests unsettled;

    @TestHTTPResource("/")
    URL gateway;

    /** Opens an endless stream (the trickle worker) and returns once two SSE events arrived. */
    Socket openStream(TestKey key, String requestId) throws Exception {
        return openStream(key, requestId, "go on");
    }

    Socket openStream(TestKey key, String requestId, String prompt) throws Exception {
        String body = "{\"model\":\"test-trickle\",\"stream\":true,\"max_tokens\":500,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
        Socket socket = new Socket(gateway.getHost(), gateway.getPort());
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "X-API-Key: " + key.secret() + "\r\nx-request-id: " + requestId + "\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        int dataLines = 0;
        String line;
        while (dataLines < 2 && (line = in.readLine()) != null) {
            if (line.startsWith("data:")) {
                dataLines++;
                // The worker's running counts are the gateway's, not for a client that asked for no usage.
                assertFalse(line.contains("usage"), line);
            }
        }
        assertEquals(2, dataLines);
        return socket;
    }

    @Test
    void reservationIsHeldInRedisWhileTheRequestRuns() throws Exception {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        try (Socket ignored = openStream(key, UUID.randomUUID().toString())) {
            // "user\ngo on\n" is 11 bytes + 48 template tokens at 1 micro, 500 output tokens at 2 micros.
            Map<String, String> held = redis.hash(String.class).hgetall(RedisKeys.reservations(key.accountId()));
            assertEquals(1, held.size());
            assertEquals("1059", held.values().iterator().next());
            assertEquals("1059", redis.value(String.class).get(RedisKeys.reservedTotal(key.accountId())));
        }
    }

    @Test
    void aClientLeavingIsNotCountedAgainstTheWorkersHealth() throws Exception {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        long releasedBefore = signals("released", true);
        for (int i = 0; i < 3; i++) {
            openStream(key, UUID.randomUUID().toString()).close();
        }

        Eventually.until(() -> signals("released", true) >= releasedBefore + 3, Duration.ofSeconds(10),
                "the worker released by the three requests the client left");
        assertEquals(0, signals("finished", false), "three clients leaving would eject the worker");
    }

    /** How many load signals of this kind and outcome the gateway sent the router about the trickle worker. */
    private static long signals(String kind, boolean ok) {
        return Fleet.signalCount("trickle", kind, ok);
    }

    @Test
    void clientLeavingMidStreamCancelsTheWorkerAndBillsWhatWasStreamed() throws Exception {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        String requestId = UUID.randomUUID().toString();
        int cancelledBefore = Fleet.callsSeenBy("trickle-cancelled");
        openStream(key, requestId).close();

        List<JsonNode> events = UsageEvents.forRequest(requestId);
        assertEquals(1, events.size());
        assertEquals("client_disconnected", events.get(0).path("outcome").asText());
        assertTrue(events.get(0).path("completionTokens").asLong() >= 2, events.get(0).toString());
        // The worker (vLLM) reported its counts on every chunk: the prompt is billed as it counted it, not estimated.
        assertEquals(Fleet.TRICKLE_PROMPT_TOKENS, events.get(0).path("promptTokens").asLong(), events.get(0).toString());
        Eventually.until(() -> Fleet.callsSeenBy("trickle-cancelled") > cancelledBefore, Duration.ofSeconds(10),
                "the worker request to be cancelled");
    }

    @Test
    void aClientLeavingANonStreamedRequestLetsItsWorkerFinishAndIsBilledTheWorkersCounts() throws Exception {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        String requestId = UUID.randomUUID().toString();
        LeavingClient.sendSlowChatAndLeave(gateway, key, requestId); // before the worker's answer (a second)
        // Still running, for shutdown to wait on: it is billed only once the worker answers.
        assertTrue(unsettled.count() >= 1, "the request whose client left is not known to be running");
        assertTrue(unsettled.awaitNone(Duration.ofSeconds(10)), "the request never settled");

        List<JsonNode> events = UsageEvents.forRequest(requestId);
        assertEquals(1, events.size());
        assertEquals("client_disconnected", events.get(0).path("outcome").asText());
        // The worker's own counts (7 and 5), which only its answer carries, not a guess of the prompt and no output.
        assertEquals(7, events.get(0).path("promptTokens").asLong(), events.get(0).toString());
        assertEquals(5, events.get(0).path("completionTokens").asLong(), events.get(0).toString());
    }

    @Test
    void aPromptWhoseWorkerNeverCountedItIsBilledByItsLengthNotItsSpaces() throws Exception {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        String requestId = UUID.randomUUID().toString();
        String prompt = Fleet.NO_RUNNING_COUNTS + "x,".repeat(4000);
        openStream(key, requestId, prompt).close();

        List<JsonNode> events = UsageEvents.forRequest(requestId);
        assertEquals(1, events.size());
        // "user\n" + the prompt's 8,019 characters + "\n": 2,007 tokens at four characters a token, 4 of template;
        // split on whitespace it would be 2.
        assertEquals(2007 + 4, events.get(0).path("promptTokens").asLong(), events.get(0).toString());
    }
}
