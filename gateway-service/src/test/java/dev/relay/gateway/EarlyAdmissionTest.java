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
import dev.relay.gateway.fleet.UsageEvents;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A key admitted lately has its next request sent to the worker while Redis still decides its admission, and nothing
 * reaches the client before the decision; refused, the request is answered as if no worker had been asked and bills
 * nothing, and the key's next request waits for its admission again; of a burst, only a few go early. Redis's part is held up with {@code CLIENT PAUSE
 * WRITE} (the admission is a script, which that pauses), so that what happens meanwhile can be seen. Requests use
 * {@code test-mirrored}: only a route decided on the gateway's mirror goes early.
 */
@QuarkusTest
@WithTestResource(FakeFleet.class)
class EarlyAdmissionTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Inject
    RedisDataSource redis;

    @TestHTTPResource("/v1/chat/completions")
    URL chat;

    private CompletableFuture<HttpResponse<String>> send(TestKey key, String content, String requestId, boolean stream) {
        String body = new JsonObject().put("model", "test-mirrored").put("max_tokens", 20).put("stream", stream)
                .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", content)))
                .encode();
        HttpRequest request = HttpRequest.newBuilder(URI.create(chat.toString())).header("X-API-Key", key.secret())
                .header("Content-Type", "application/json").header("x-request-id", requestId)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> chat(TestKey key, String content) throws Exception {
        return send(key, content, UUID.randomUUID().toString(), false).get(30, TimeUnit.SECONDS);
    }

    /** A key whose last request the gateway admitted, routed on the mirror (which may take a moment to load). */
    private TestKey keyAdmittedLately() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000_000);
        Eventually.until(() -> {
            try {
                return chat(key, "hello").statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        }, Duration.ofSeconds(10), "a first request to be admitted");
        return key;
    }

    /**
     * Sends the request while every admission is held in Redis, runs {@code meanwhile} (which waits for what it needs
     * to see) on its pending answer, then lets Redis go on, whatever happened: the answer, once admitted or refused.
     */
    private CompletableFuture<HttpResponse<String>> sendWhileAdmissionsWait(TestKey key, String content,
            String requestId, boolean stream, Consumer<CompletableFuture<HttpResponse<String>>> meanwhile) {
        return whileAdmissionsWait(() -> send(key, content, requestId, stream), meanwhile);
    }

    /**
     * Holds every Redis script (so every admission) while {@code sent} is sent and {@code meanwhile} sees what it
     * needs to. The pause (30 s at most) lasts until then, never for a guess of how long the gateway takes.
     */
    private <T> T whileAdmissionsWait(Supplier<T> sent, Consumer<T> meanwhile) {
        redis.execute("CLIENT", "PAUSE", "30000", "WRITE");
        try {
            T pending = sent.get();
            meanwhile.accept(pending);
            return pending;
        } finally {
            redis.execute("CLIENT", "UNPAUSE");
        }
    }

    /**
     * Scripts (admissions) waiting in the test database for the pause to end: clients blocked on one. The pool gives
     * each command in flight a connection of its own, so each waiting admission is one client.
     */
    private long admissionsWaiting() {
        return redis.execute("CLIENT", "LIST").toString().lines()
                .map(client -> List.of(client.split(" ")))
                .filter(fields -> fields.contains("flags=b") && fields.contains("db=1")
                        && (fields.contains("cmd=evalsha") || fields.contains("cmd=eval")))
                .count();
    }

    private boolean anAdmissionWaits() {
        return admissionsWaiting() > 0;
    }

    private static boolean workerSaw(String content) {
        return Fleet.lastBodySeenBy("ok").encode().contains(content);
    }

    private static String unique(String what) {
        return what + " " + UUID.randomUUID();
    }

    @Test
    void keyAdmittedLatelyHasItsRequestAtTheWorkerWhileItsAdmissionIsDecided() throws Exception {
        TestKey key = keyAdmittedLately();
        String content = unique("early");
        String requestId = UUID.randomUUID().toString();

        CompletableFuture<HttpResponse<String>> answer = sendWhileAdmissionsWait(key, content, requestId, false,
                pending -> {
                    Eventually.until(() -> workerSaw(content), Duration.ofSeconds(10), "the worker to be asked");
                    assertFalse(pending.isDone(), "answered before its admission was decided");
                });

        HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("1000", response.headers().firstValue("x-ratelimit-limit-requests").orElse(null));
        List<JsonNode> events = UsageEvents.forRequest(requestId);
        assertEquals(1, events.size());
        assertEquals("completed", events.get(0).path("outcome").asText());
    }

    @Test
    void streamHeldForItsAdmissionArrivesWhole() throws Exception {
        TestKey key = keyAdmittedLately();
        String content = unique("stream");

        HttpResponse<String> response = sendWhileAdmissionsWait(key, content, UUID.randomUUID().toString(), true,
                pending -> Eventually.until(() -> workerSaw(content) && anAdmissionWaits(), Duration.ofSeconds(10),
                        "the worker asked while the admission waits"))
                .get(30, TimeUnit.SECONDS);

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().startsWith("data: {"), response.body());
        assertTrue(response.body().trim().endsWith("data: [DONE]"), response.body());
    }

    @Test
    void earlyRequestRefusedForCreditIsAnswered402AndBillsNothing() throws Exception {
        TestKey key = keyAdmittedLately();
        String reservations = RedisKeys.reservations(key.accountId());
        int held = redis.hash(String.class).hgetall(reservations).size();
        redis.value(String.class).set(RedisKeys.balance(key.accountId()), "0");
        String content = unique("broke");
        String requestId = UUID.randomUUID().toString();

        HttpResponse<String> response = sendWhileAdmissionsWait(key, content, requestId, false,
                pending -> Eventually.until(() -> workerSaw(content), Duration.ofSeconds(10),
                        "the worker asked before the admission refused"))
                .get(30, TimeUnit.SECONDS);

        assertEquals(402, response.statusCode(), response.body());
        assertEquals(held, redis.hash(String.class).hgetall(reservations).size());
        assertEquals(List.of(), UsageEvents.noneExpectedFor(requestId));
    }

    @Test
    void earlyRequestRefusedIsAnsweredOnlyOnceItsAdmissionIsDecided() throws Exception {
        TestKey key = keyAdmittedLately();
        redis.value(String.class).set(RedisKeys.balance(key.accountId()), "0");
        String content = unique("refused");

        HttpResponse<String> response = sendWhileAdmissionsWait(key, content, UUID.randomUUID().toString(), false,
                pending -> {
                    Eventually.until(() -> workerSaw(content) && anAdmissionWaits(), Duration.ofSeconds(10),
                            "the worker asked while the admission waits");
                    assertFalse(pending.isDone(), "answered before its admission was decided");
                }).get(30, TimeUnit.SECONDS);
        assertEquals(402, response.statusCode(), response.body());
        // Its value, the whole wait as the gateway's own time, is RequestTimingTest's.
        assertTrue(response.headers().firstValue("x-relay-overhead-ms").orElse("").matches("\\d+\\.\\d{3}"),
                response.headers().toString());
    }

    @Test
    void burstFromAnAccountOutOfCreditStartsWorkersOnFourOfItsRequestsOnly() throws Exception {
        TestKey key = keyAdmittedLately();
        redis.value(String.class).set(RedisKeys.balance(key.accountId()), "0");
        int callsBefore = Fleet.callsSeenBy("ok");
        int size = 12;

        // Let go once every request of the burst chose, with no verdict yet: each one's admission waits in Redis, and
        // those that went early are at the worker.
        List<CompletableFuture<HttpResponse<String>>> burst = whileAdmissionsWait(() -> IntStream.range(0, size)
                .mapToObj(i -> send(key, unique("burst"), UUID.randomUUID().toString(), false)).toList(),
                pending -> Eventually.until(() -> admissionsWaiting() >= size
                        && Fleet.callsSeenBy("ok") - callsBefore >= 4, Duration.ofSeconds(10),
                        "the burst's admissions to wait and its early requests to reach the worker"));
        for (CompletableFuture<HttpResponse<String>> answer : burst) {
            assertEquals(402, answer.get(30, TimeUnit.SECONDS).statusCode());
        }

        assertEquals(4, Fleet.callsSeenBy("ok") - callsBefore); // relay.gateway.admission.early-per-account
    }

    @Test
    void keyRefusedEarlyWaitsForItsAdmissionNextTime() throws Exception {
        TestKey key = keyAdmittedLately();
        redis.value(String.class).set(RedisKeys.balance(key.accountId()), "0");
        assertEquals(402, chat(key, unique("broke")).statusCode());
        redis.value(String.class).set(RedisKeys.balance(key.accountId()), "1000000000");
        String content = unique("topped up");

        CompletableFuture<HttpResponse<String>> answer = sendWhileAdmissionsWait(key, content,
                UUID.randomUUID().toString(), false, pending -> {
                    Eventually.until(this::anAdmissionWaits, Duration.ofSeconds(10),
                            "the request's admission to wait in Redis");
                    assertFalse(workerSaw(content), "the worker was asked before the admission");
                });

        assertEquals(200, answer.get(30, TimeUnit.SECONDS).statusCode());
        assertTrue(workerSaw(content));
    }
}
