package dev.relay.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.relay.task.persistence.TaskMediaChunkRepository;
import dev.relay.task.persistence.TaskMediaRepository;
import dev.relay.task.persistence.TaskRepository;
import dev.relay.task.persistence.WebhookDeliveryRepository;
import dev.relay.task.service.FinishedTaskRetention;
import dev.relay.task.support.Media;
import dev.relay.task.support.MediaStorage;
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
 * Finished tasks, and their webhook deliveries and media, are deleted once past the retention (30 days by default);
 * unfinished ones never are. Media whose task never came, and uploads never stored, are deleted after a day.
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

    @Inject
    TaskMediaRepository mediaRepository;

    @Inject
    TaskMediaChunkRepository chunks;

    @Inject
    MediaStorage storage;

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

    @Test
    void mediaOfFinishedTasksPastTheRetentionAreDeletedWithThem() {
        String account = "acct-" + UUID.randomUUID();
        String id = Tasks.queued(account);
        Media.put(id, "0", account, "image/png", Media.binary(16)).then().statusCode(204);
        tasks.markCompleted(id, "{\"object\":\"list\"}");
        lastChanged(id, LONG_AGO);

        retention.purge(Instant.now());

        assertEquals(0L, mediaRows(id));
    }

    @Test
    void chunksOfMediaDeletedWithTheirTaskAreDeletedToo() {
        String account = "acct-" + UUID.randomUUID();
        String id = Tasks.queued(account);
        Media.put(id, "0", account, "video/mp4", Media.random((1 << 20) + 1)).then().statusCode(204);
        List<Long> versions = storage.versions(id);
        tasks.markCompleted(id, "{\"object\":\"list\"}");
        lastChanged(id, LONG_AGO);

        retention.purge(Instant.now());

        assertEquals(0L, storage.chunks(versions));
    }

    /** An uploader that died mid-way left a version that was never stored, with the chunks it had written. */
    @Test
    void uploadsNeverStoredAreDeletedAfterADay() {
        String account = "acct-" + UUID.randomUUID();
        String id = Tasks.queued(account);
        long version = mediaRepository.begin(id, "0", account, "video/mp4", Instant.now().minus(Duration.ofHours(25)));
        chunks.write(version, 0, Media.binary(16));

        retention.purge(Instant.now());

        assertEquals(List.of(), storage.versions(id));
        assertEquals(0L, storage.chunks(List.of(version)));
    }

    @Test
    void uploadsInProgressAreKept() {
        String account = "acct-" + UUID.randomUUID();
        String id = Tasks.queued(account);
        long version = mediaRepository.begin(id, "0", account, "video/mp4", Instant.now().minus(Duration.ofHours(23)));

        retention.purge(Instant.now());

        assertEquals(List.of(version), storage.versions(id));
    }

    @Test
    void mediaWhoseTaskNeverCameAreDeletedAfterADay() {
        String neverCreated = inputWithoutTask("acct-" + UUID.randomUUID(), Duration.ofHours(25));

        retention.purge(Instant.now());

        assertEquals(0L, mediaRows(neverCreated));
    }

    @Test
    void mediaWhoseTaskNeverCameStayForADay() {
        String account = "acct-" + UUID.randomUUID();
        String notYetCreated = inputWithoutTask(account, Duration.ofHours(23));

        retention.purge(Instant.now());

        Media.get(notYetCreated, "input", account).then().statusCode(200);
    }

    @Test
    void mediaOfTasksKeptStayHoweverOld() {
        String account = "acct-" + UUID.randomUUID();
        String recent = Tasks.queued(account);
        String queued = Tasks.queued(account);
        Media.put(recent, "0", account, "image/png", Media.binary(16)).then().statusCode(204);
        Media.put(queued, "input", account, "audio/wav", Media.binary(16)).then().statusCode(204);
        tasks.markCompleted(recent, "{\"object\":\"list\"}");
        lastChanged(recent, Instant.now().minus(Duration.ofDays(29)));
        lastChanged(queued, LONG_AGO);
        uploaded(recent, LONG_AGO);
        uploaded(queued, LONG_AGO);

        retention.purge(Instant.now());

        Media.get(recent, "0", account).then().statusCode(200);
        Media.get(queued, "input", account).then().statusCode(200);
    }

    /** A transcription's input uploaded {@code ago} for a task that was not created; answers the task id. */
    private String inputWithoutTask(String account, Duration ago) {
        String taskId = Tasks.newTaskId();
        Media.put(taskId, "input", account, "audio/wav", Media.binary(16)).then().statusCode(204);
        uploaded(taskId, Instant.now().minus(ago));
        return taskId;
    }

    private void uploaded(String taskId, Instant when) {
        QuarkusTransaction.requiringNew().run(() -> tasks.getEntityManager()
                .createNativeQuery("UPDATE task_media SET created_at = :when WHERE task_id = :id")
                .setParameter("when", when).setParameter("id", taskId).executeUpdate());
    }

    private long mediaRows(String taskId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) tasks.getEntityManager()
                .createNativeQuery("SELECT count(*) FROM task_media WHERE task_id = :id")
                .setParameter("id", taskId).getSingleResult()).longValue());
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
