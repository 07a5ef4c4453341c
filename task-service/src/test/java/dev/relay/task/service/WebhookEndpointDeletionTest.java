package dev.relay.task.service;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.relay.task.persistence.WebhookDeliveryRepository;
import dev.relay.task.support.Webhooks;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * An endpoint deleted while an event is being owed to it: the event is owed to what the account still has, and the
 * request that owed it is answered as if the endpoint were already gone (never a failed insert on its foreign key).
 * The deletion is held uncommitted until the other request waits on it, then committed: the moment the two cross.
 */
@QuarkusTest
class WebhookEndpointDeletionTest {

    private static final String URL = "http://127.0.0.1:9/hook";

    @Inject
    WebhookDeliveryRepository deliveries;

    @Inject
    EntityManager em;

    @Test
    void aTestEventAskedForWhileItsEndpointIsDeletedIsNotFound() throws Exception {
        String account = "acct-" + UUID.randomUUID();
        String id = Webhooks.register(account, Map.of("url", URL)).then().statusCode(201).extract().path("id");

        Response test = whileDeleting(id, () -> given().queryParam("account_id", account)
                .post("/internal/webhooks/" + id + "/test"));

        test.then().statusCode(404).body("error.code", equalTo("not_found"));
    }

    @Test
    void aTaskEndingWhileOneEndpointIsDeletedIsOwedToTheOthers() throws Exception {
        String account = "acct-" + UUID.randomUUID();
        String deleted = Webhooks.register(account, Map.of("url", URL + "/a")).then().statusCode(201)
                .extract().path("id");
        Webhooks.register(account, Map.of("url", URL + "/b")).then().statusCode(201);

        int owed = whileDeleting(deleted, () -> deliveries.enqueue(account,
                "evt_" + UUID.randomUUID().toString().replace("-", ""), "task.completed", "{}"));

        assertEquals(1, owed);
    }

    /** What {@code owe} answers when it runs while the endpoint's deletion is under way and commits first. */
    private <T> T whileDeleting(String endpointId, Supplier<T> owe) throws Exception {
        CountDownLatch deleting = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        // Threads of their own: the common pool may have a single one, which the held deletion would take.
        ExecutorService threads = Executors.newFixedThreadPool(2);
        CompletableFuture<Void> deletion = CompletableFuture.runAsync(() -> QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("DELETE FROM webhook_endpoints WHERE id = :id").setParameter("id", endpointId)
                    .executeUpdate();
            deleting.countDown();
            try {
                commit.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }), threads);
        try {
            deleting.await();
            CompletableFuture<T> owing = CompletableFuture.supplyAsync(owe, threads);
            await("the event waits on the deletion").atMost(Duration.ofSeconds(30))
                    .until(() -> waitingOnALock() > 0 || owing.isDone());
            commit.countDown();
            deletion.get();
            return owing.get();
        } finally {
            commit.countDown();
            threads.shutdown();
        }
    }

    private long waitingOnALock() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery("""
                SELECT count(*) FROM pg_stat_activity
                WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO webhook_deliveries%'""")
                .getSingleResult()).longValue());
    }
}
