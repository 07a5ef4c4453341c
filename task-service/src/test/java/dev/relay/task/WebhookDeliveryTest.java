package dev.relay.task;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.contracts.SettlementRecorded;
import dev.relay.contracts.Topics;
import dev.relay.task.persistence.WebhookDeliveryRepository;
import dev.relay.task.support.TaskTopics;
import dev.relay.task.support.Tasks;
import dev.relay.task.support.WebhookReceiver;
import dev.relay.task.support.Webhooks;
import dev.relay.task.support.WebhookReceiver.Call;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * A finished (or, in opengpu mode, paid) task's webhook: signed as Standard Webhooks says, carrying the task as a poll
 * shows it, retried until a receiver takes it, abandoned after the last retry, and owed once however often the ending
 * is replayed.
 */
@QuarkusTest
class WebhookDeliveryTest {

    private static final Map<String, Object> COMPLETION = Map.of("object", "chat.completion",
            "choices", List.of(Map.of("index", 0, "message", Map.of("role", "assistant", "content", "hi"))));
    private static final WebhookReceiver receiver = WebhookReceiver.shared();

    @Inject
    EntityManager em;

    @Inject
    WebhookDeliveryRepository deliveryRows;

    @Test
    void aCompletedTaskCallsTheEndpointWithASignedTaskCompletedEvent() throws Exception {
        String account = account();
        String path = path();
        String secret = endpoint(account, receiver.url(path)).getString("secret");
        String taskId = Tasks.queued(account);

        TaskTopics.completed(taskId, COMPLETION);

        Call call = awaitCalls(path, 1).get(0);
        JsonPath event = JsonPath.from(call.body());
        assertEquals("task.completed", event.getString("type"));
        assertEquals("event", event.getString("object"));
        assertEquals(call.headers().get("webhook-id"), event.getString("id"));
        assertTrue(event.getString("id").matches("evt_[0-9a-f]{32}"), event.getString("id"));
        assertEquals(taskId, event.getString("data.task_id"));
        assertEquals("completed", event.getString("data.status"));
        assertEquals("hi", event.getString("data.result.choices[0].message.content"));
        assertEquals("application/json", call.headers().get("content-type"));
        assertEquals(signature(secret, call), call.headers().get("webhook-signature"));
        long sentAt = Long.parseLong(call.headers().get("webhook-timestamp"));
        assertTrue(Math.abs(System.currentTimeMillis() / 1000 - sentAt) < 300, "timestamp " + sentAt);
    }

    @Test
    void aTestEventAskedForReachesTheEndpointSigned() throws Exception {
        String account = account();
        String path = path();
        JsonPath endpoint = endpoint(account, receiver.url(path));

        String eventId = given().queryParam("account_id", account)
                .post("/internal/webhooks/" + endpoint.getString("id") + "/test")
                .then().statusCode(202).extract().path("event_id");

        Call call = awaitCalls(path, 1).get(0);
        JsonPath event = JsonPath.from(call.body());
        assertEquals("webhook.test", event.getString("type"));
        assertEquals(eventId, event.getString("id"));
        assertNull(event.get("data"));
        assertEquals(signature(endpoint.getString("secret"), call), call.headers().get("webhook-signature"));
    }

    @Test
    void aFailedTaskCallsTheEndpointWithTaskFailedAndTheError() {
        String account = account();
        String path = path();
        endpoint(account, receiver.url(path));
        String taskId = Tasks.queued(account);

        TaskTopics.failed(taskId, 504, "timeout", "The worker did not answer in time.");

        JsonPath event = JsonPath.from(awaitCalls(path, 1).get(0).body());
        assertEquals("task.failed", event.getString("type"));
        assertEquals(504, event.getInt("data.error.status"));
        assertEquals("timeout", event.getString("data.error.code"));
    }

    @Test
    void anOpengpuTasksPaymentCallsTheEndpointOnceWithTheFirstReceipt() {
        String account = account();
        String path = path();
        endpoint(account, receiver.url(path));
        String taskId = "opengpu:" + UUID.randomUUID();
        Tasks.submit(Tasks.submission(taskId, account)).then().statusCode(201);

        TaskTopics.publish(Topics.SETTLEMENTS, taskId, settlement(taskId, 1));
        JsonPath event = JsonPath.from(awaitCalls(path, 1).get(0).body());
        TaskTopics.publish(Topics.SETTLEMENTS, taskId, settlement(taskId, 12));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Integer.valueOf(12).equals(Tasks.poll(taskId, account).jsonPath().get("settlement.confirmations")));

        assertEquals("task.settled", event.getString("type"));
        assertEquals(taskId, event.getString("data.task_id"));
        assertEquals("0xfeed", event.getString("data.settlement.tx_hash"));
        assertEquals(1, event.getInt("data.settlement.confirmations"));
        assertEquals(1L, deliveries(taskId));
    }

    @Test
    void aRefusedCallIsRetriedWithTheSameEventIdUntilTheReceiverTakesIt() {
        String account = account();
        String path = path();
        endpoint(account, receiver.url(path, 500));
        String taskId = Tasks.queued(account);

        TaskTopics.completed(taskId, COMPLETION);

        List<Call> calls = awaitCalls(path, 2);
        assertEquals(calls.get(0).headers().get("webhook-id"), calls.get(1).headers().get("webhook-id"));
        awaitDelivery(taskId, "delivered_at");
    }

    @Test
    void aReceiverThatDoesNotAnswerInTimeIsCalledAgain() {
        String account = account();
        String path = path();
        endpoint(account, receiver.url(path, WebhookReceiver.SILENT));
        String taskId = Tasks.queued(account);

        TaskTopics.completed(taskId, COMPLETION);

        Object[] row = awaitDelivery(taskId, "delivered_at");
        assertEquals(2, ((Number) row[0]).intValue());
        assertEquals(200, ((Number) row[1]).intValue());
    }

    @Test
    void anEventIsOwedToAnEndpointOnceHoweverOftenItIsWritten() {
        String account = account();
        endpoint(account, receiver.url(path()));
        String eventId = "evt_" + UUID.randomUUID().toString().replace("-", "");

        assertEquals(1, deliveryRows.enqueue(account, eventId, "task.completed", "{}"));
        assertEquals(0, deliveryRows.enqueue(account, eventId, "task.completed", "{}"));
    }

    @Test
    void aDeliveryIsAbandonedOnceEveryRetryFailed() {
        String account = account();
        String path = path();
        endpoint(account, receiver.url(path, 500, 503, 502, 500));
        String taskId = Tasks.queued(account);

        TaskTopics.completed(taskId, COMPLETION);

        // One attempt and the two retries of relay.task.webhooks.retry-delays (1s,1s in tests), then no more.
        Object[] row = awaitDelivery(taskId, "abandoned_at");
        assertEquals(3, ((Number) row[0]).intValue());
        assertEquals(502, ((Number) row[1]).intValue());
        assertEquals(3, receiver.calls(path).size());
    }

    @Test
    void theDeliveriesListShowsAnAbandonedCallWithWhatTheReceiverLastSaid() {
        String account = account();
        String path = path();
        String endpoint = endpoint(account, receiver.url(path, 500, 500, 503)).getString("id");
        String taskId = Tasks.queued(account);
        TaskTopics.completed(taskId, COMPLETION);
        awaitDelivery(taskId, "abandoned_at");

        String eventId = JsonPath.from(receiver.calls(path).get(0).body()).getString("id");

        given().queryParam("account_id", account)
                .get("/internal/webhooks/" + endpoint + "/deliveries").then().statusCode(200)
                .body("deliveries", hasSize(1))
                .body("deliveries[0].event_id", equalTo(eventId))
                .body("deliveries[0].type", equalTo("task.completed"))
                .body("deliveries[0].state", equalTo("abandoned"))
                .body("deliveries[0].attempts", equalTo(3))
                .body("deliveries[0].last_status", equalTo(503))
                .body("deliveries[0].last_error", equalTo("the receiver answered 503"))
                .body("deliveries[0].next_attempt_at", nullValue())
                .body("deliveries[0].abandoned_at", notNullValue());
    }

    @Test
    void theDeliveriesListSaysInWordsThatTheReceiverRefusedTheConnection() {
        String account = account();
        // Nothing listens on the discard port: the connection is refused.
        String endpoint = endpoint(account, "http://127.0.0.1:9/hook").getString("id");
        given().queryParam("account_id", account).post("/internal/webhooks/" + endpoint + "/test")
                .then().statusCode(202);

        await("the first attempt").atMost(Duration.ofSeconds(30)).until(() -> given().queryParam("account_id", account)
                .get("/internal/webhooks/" + endpoint + "/deliveries").jsonPath().getString("deliveries[0].last_error"),
                notNullValue());

        given().queryParam("account_id", account)
                .get("/internal/webhooks/" + endpoint + "/deliveries").then().statusCode(200)
                .body("deliveries[0].last_status", nullValue())
                .body("deliveries[0].last_error", equalTo("the receiver refused the connection"));
    }

    @Test
    void theDeliveriesListShowsTheNewestFirstUpToItsLimit() {
        String account = account();
        String endpoint = endpoint(account, receiver.url(path())).getString("id");
        String first = Tasks.queued(account);
        String second = Tasks.queued(account);
        TaskTopics.completed(first, COMPLETION);
        awaitDelivery(first, "delivered_at");
        TaskTopics.failed(second, 502, "upstream_error", "No worker could serve the request");
        awaitDelivery(second, "delivered_at");

        given().queryParam("account_id", account).queryParam("limit", 1)
                .get("/internal/webhooks/" + endpoint + "/deliveries").then().statusCode(200)
                .body("deliveries", hasSize(1))
                .body("deliveries[0].type", equalTo("task.failed"))
                .body("deliveries[0].state", equalTo("delivered"))
                .body("deliveries[0].attempts", equalTo(1))
                .body("deliveries[0].last_status", equalTo(200))
                .body("deliveries[0].delivered_at", notNullValue());
    }

    @Test
    void aReplayedEndingIsOwedOnce() {
        String account = account();
        String path = path();
        endpoint(account, receiver.url(path));
        String taskId = Tasks.queued(account);

        TaskTopics.completed(taskId, COMPLETION);
        awaitDelivery(taskId, "delivered_at");
        int partition = TaskTopics.completed(taskId, COMPLETION);
        TaskTopics.awaitConsumed(partition);

        assertEquals(1L, deliveries(taskId));
        assertEquals(1, receiver.calls(path).size());
    }

    @Test
    void everyEndpointOfTheAccountIsCalledWithItsOwnSignature() throws Exception {
        String account = account();
        String first = path();
        String second = path();
        String firstSecret = endpoint(account, receiver.url(first)).getString("secret");
        String secondSecret = endpoint(account, receiver.url(second)).getString("secret");
        String taskId = Tasks.queued(account);

        TaskTopics.completed(taskId, COMPLETION);

        Call one = awaitCalls(first, 1).get(0);
        Call two = awaitCalls(second, 1).get(0);
        assertEquals(signature(firstSecret, one), one.headers().get("webhook-signature"));
        assertEquals(signature(secondSecret, two), two.headers().get("webhook-signature"));
    }

    @Test
    void anotherAccountsTaskCallsNoEndpointOfThisOne() {
        String path = path();
        endpoint(account(), receiver.url(path));
        String taskId = Tasks.queued(account());

        int partition = TaskTopics.completed(taskId, COMPLETION);
        TaskTopics.awaitConsumed(partition);

        assertEquals(0L, deliveries(taskId));
    }

    @Test
    void aDeletedEndpointIsOwedNothingMore() {
        String account = account();
        String path = path();
        String id = endpoint(account, receiver.url(path, 500, 500)).getString("id");
        String taskId = Tasks.queued(account);
        TaskTopics.completed(taskId, COMPLETION);
        awaitCalls(path, 1);

        given().queryParam("account_id", account).delete("/internal/webhooks/" + id)
                .then().statusCode(204);

        assertEquals(0L, deliveries(taskId));
    }

    private static SettlementRecorded settlement(String taskId, long confirmations) {
        return new SettlementRecorded(taskId, "acct", "sim-4", "0x00000000000000000000000000000000000000aa",
                "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", 15, "15000000000000", 31337, "0xfeed", 7, confirmations,
                Instant.now());
    }

    /** Standard Webhooks' signature, computed here from the secret and what arrived. */
    private static String signature(String secret, Call call) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        String signed = call.headers().get("webhook-id") + "." + call.headers().get("webhook-timestamp") + "."
                + call.body();
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonPath endpoint(String account, String url) {
        return Webhooks.register(account, Map.of("url", url)).then().statusCode(201).extract().jsonPath();
    }

    private static List<Call> awaitCalls(String path, int count) {
        await("webhook calls to " + path).atMost(Duration.ofSeconds(30))
                .until(() -> receiver.calls(path), hasSize(count));
        return receiver.calls(path);
    }

    /** Waits for the task's one delivery to have {@code column} set; answers its attempts and last status. */
    private Object[] awaitDelivery(String taskId, String column) {
        String sql = "SELECT d.attempts, d.last_status FROM webhook_deliveries d WHERE d.payload::jsonb "
                + "-> 'data' ->> 'task_id' = :task AND d." + column + " IS NOT NULL";
        await("delivery of " + taskId + " with " + column).atMost(Duration.ofSeconds(30)).until(() ->
                QuarkusTransaction.requiringNew().call(() -> !em.createNativeQuery(sql).setParameter("task", taskId)
                        .getResultList().isEmpty()));
        Object[] row = QuarkusTransaction.requiringNew().call(() ->
                (Object[]) em.createNativeQuery(sql).setParameter("task", taskId).getSingleResult());
        assertNotNull(row);
        return row;
    }

    private long deliveries(String taskId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT count(*) FROM webhook_deliveries WHERE payload::jsonb -> 'data' ->> 'task_id' = :task")
                .setParameter("task", taskId).getSingleResult()).longValue());
    }

    private static String account() {
        return "acct-" + UUID.randomUUID();
    }

    private static String path() {
        return "/hook/" + UUID.randomUUID();
    }
}
