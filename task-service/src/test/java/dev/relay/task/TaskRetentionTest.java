package dev.relay.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.relay.task.persistence.TaskRepository;
import dev.relay.task.persistence.WebhookDeliveryRepository;
import dev.relay.task.service.FinishedTaskRetention;
import dev.relay.task.support.Tasks;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Finished tasks, and their webhook deliveries, are deleted once past the retention (30 days by default); unfinished
 * ones never are.
 */
@QuarkusTest
class TaskRetentionTest {

    private static final Instant LONG_AGO = Instant.now().minus(Duration.ofDays(31));

    @Inject
    TaskRepository tasks;

    @Inject
    FinishedTaskRetention retention;

    @Inject
    WebhookDeliveryRepository deliveries;

    @Test
    void finishedTasksPastTheRetentionAreDeletedAndPollsThenAnswerNotFound() {
        String account = "acct-" + UUID.randomUUID();
        List<String> old = List.of(finished(account, true), finished(account, false), finished(account, true));
        old.forEach(id -> lastChanged(id, LONG_AGO));

        retention.purge(Instant.now());

        old.forEach(id -> Tasks.poll(id, account).then().statusCode(404));
    }

    @Test
    void finishedTasksWithinTheRetentionStayPollable() {
        String account = "acct-" + UUID.randomUUID();
        String recent = finished(account, true);
        lastChanged(recent, Instant.now().minus(Duration.ofDays(29)));

        retention.purge(Instant.now());

        Tasks.poll(recent, account).then().statusCode(200);
    }

    @Test
    void queuedAndRunningTasksAreKeptHoweverOld() {
        String account = "acct-" + UUID.randomUUID();
        String queued = Tasks.queued(account);
        String running = Tasks.queued(account);
        tasks.markRunning(running);
        lastChanged(queued, LONG_AGO);
        lastChanged(running, LONG_AGO);

        retention.purge(Instant.now());

        assertEquals("queued", Tasks.poll(queued, account).then().statusCode(200).extract().path("status"));
        assertEquals("running", Tasks.poll(running, account).then().statusCode(200).extract().path("status"));
    }

    @Test
    void webhookDeliveriesFinishedBeforeTheRetentionAreDeletedAndOpenOnesKept() {
        String account = "acct-" + UUID.randomUUID();
        String endpoint = "wh_" + UUID.randomUUID().toString().replace("-", "");
        QuarkusTransaction.requiringNew().run(() -> tasks.getEntityManager().createNativeQuery(
                "INSERT INTO webhook_endpoints (id, account_id, url, secret, created_at) "
                        + "VALUES (:id, :account, 'https://example.com/hook', 'whsec_AAAA', now())")
                .setParameter("id", endpoint).setParameter("account", account).executeUpdate());
        for (String event : List.of("evt_old_delivered", "evt_old_abandoned", "evt_recent", "evt_open")) {
            deliveries.enqueue(account, event, "task.completed", "{}");
        }
        finishedDelivery(endpoint, "evt_old_delivered", "delivered_at", LONG_AGO);
        finishedDelivery(endpoint, "evt_old_abandoned", "abandoned_at", LONG_AGO);
        finishedDelivery(endpoint, "evt_recent", "delivered_at", Instant.now().minus(Duration.ofDays(1)));

        retention.purge(Instant.now());

        assertEquals(List.of("evt_open", "evt_recent"), QuarkusTransaction.requiringNew().call(() ->
                tasks.getEntityManager().createNativeQuery(
                        "SELECT event_id FROM webhook_deliveries WHERE endpoint_id = :id ORDER BY event_id")
                        .setParameter("id", endpoint).getResultList()));
    }

    private void finishedDelivery(String endpoint, String event, String column, Instant when) {
        QuarkusTransaction.requiringNew().run(() -> tasks.getEntityManager()
                .createNativeQuery("UPDATE webhook_deliveries SET " + column + " = :when "
                        + "WHERE endpoint_id = :id AND event_id = :event")
                .setParameter("when", when).setParameter("id", endpoint).setParameter("event", event)
                .executeUpdate());
    }

    private String finished(String account, boolean completed) {
        String id = Tasks.queued(account);
        if (completed) {
            tasks.markCompleted(id, "{\"object\":\"chat.completion\"}");
        } else {
            tasks.markFailed(id, 502, "upstream_error", "No worker could serve the request", false);
        }
        return id;
    }

    private void lastChanged(String id, Instant when) {
        QuarkusTransaction.requiringNew().run(() -> tasks.getEntityManager()
                .createNativeQuery("UPDATE tasks SET updated_at = :when WHERE id = :id")
                .setParameter("when", when).setParameter("id", id).executeUpdate());
    }
}
