package dev.relay.task.service;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.relay.task.persistence.WebhookDeliveryRepository;
import dev.relay.task.support.WebhookReceiver;
import dev.relay.task.support.Webhooks;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * How one round shares the calls out: an endpoint that takes its calls is sent its backlog one call after the other,
 * and no account's receivers take more than its share of the places.
 */
@QuarkusTest
@TestProfile(WebhookBacklogTest.OneRoundAnHour.class)
class WebhookBacklogTest {

    /** Rounds so rare that only the one this test starts can send anything. */
    public static class OneRoundAnHour implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("relay.task.webhooks.poll-interval", "1h");
        }
    }

    private static final WebhookReceiver receiver = WebhookReceiver.shared();

    @Inject
    WebhookDeliveryRepository deliveries;

    @Inject
    WebhookDispatcher dispatcher;

    @Inject
    EntityManager em;

    @Test
    void oneAccountsReceiversTakeNoMoreThanItsShareOfTheCallsOut() {
        String crowded = "acct-" + UUID.randomUUID();
        for (int i = 0; i < 6; i++) {
            Webhooks.register(crowded, Map.of("url", receiver.url("/hook/" + UUID.randomUUID(),
                    WebhookReceiver.SILENT))).then().statusCode(201);
        }
        deliveries.enqueue(crowded, "evt_" + UUID.randomUUID().toString().replace("-", ""), "task.completed", "{}");
        String other = "acct-" + UUID.randomUUID();
        String path = "/hook/" + UUID.randomUUID();
        Webhooks.register(other, Map.of("url", receiver.url(path))).then().statusCode(201);
        deliveries.enqueue(other, "evt_" + UUID.randomUUID().toString().replace("-", ""), "task.completed", "{}");

        dispatcher.sendDue();

        // Six owed, four (max-in-flight-per-account) out; the other account's call is out beside them.
        assertEquals(4L, claimed(crowded));
        assertEquals(1L, claimed(other));
        await("the other account's call").atMost(Duration.ofSeconds(30)).until(() -> receiver.calls(path), hasSize(1));
    }

    private long claimed(String account) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery("""
                SELECT count(*) FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
                WHERE e.account_id = :account AND d.attempts > 0""").setParameter("account", account)
                .getSingleResult()).longValue());
    }

    @Test
    void oneRoundSendsAnEndpointItsWholeBacklog() {
        String account = "acct-" + UUID.randomUUID();
        String path = "/hook/" + UUID.randomUUID();
        Webhooks.register(account, Map.of("url", receiver.url(path))).then().statusCode(201);
        for (int i = 0; i < 5; i++) {
            deliveries.enqueue(account, "evt_" + UUID.randomUUID().toString().replace("-", ""), "task.completed",
                    "{\"n\":" + i + "}");
        }

        dispatcher.sendDue();

        await("the whole backlog").atMost(Duration.ofSeconds(30)).until(() -> receiver.calls(path), hasSize(5));
    }
}
