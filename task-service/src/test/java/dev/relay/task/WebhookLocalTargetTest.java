package dev.relay.task;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** As in production, without local targets: a webhook never calls into the cluster's own network. */
@QuarkusTest
@TestProfile(WebhookLocalTargetTest.Production.class)
class WebhookLocalTargetTest {

    public static class Production implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("relay.task.webhooks.allow-local-targets", "false");
        }
    }

    private static final WebhookReceiver receiver = WebhookReceiver.shared();

    @Inject
    EntityManager em;

    @Inject
    WebhookDeliveryRepository deliveries;

    @Test
    void registeringALocalUrlIsRefused() {
        Webhooks.register("acct-" + UUID.randomUUID(), Map.of("url", "https://127.0.0.1:8443/hook"))
                .then().statusCode(400).body("error.param", equalTo("url"));
    }

    @Test
    void anEndpointWhoseHostNowResolvesToALocalAddressIsNotCalled() {
        // As if its name had been pointed at 127.0.0.1 after it was registered (registering it now is refused).
        String account = "acct-" + UUID.randomUUID();
        String path = "/hook/" + UUID.randomUUID();
        String endpoint = "wh_" + UUID.randomUUID().toString().replace("-", "");
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "INSERT INTO webhook_endpoints (id, account_id, url, secret, created_at) "
                        + "VALUES (:id, :account, :url, 'whsec_AAAA', now())")
                .setParameter("id", endpoint).setParameter("account", account)
                .setParameter("url", receiver.url(path)).executeUpdate());

        deliveries.enqueue(account, "evt_" + UUID.randomUUID().toString().replace("-", ""), "task.completed", "{}");

        String sql = "SELECT attempts, last_status, last_error FROM webhook_deliveries WHERE endpoint_id = :id";
        await("the refused attempt to be recorded").atMost(Duration.ofSeconds(30)).until(() ->
                QuarkusTransaction.requiringNew().call(() -> ((Object[]) em.createNativeQuery(sql)
                        .setParameter("id", endpoint).getSingleResult())[2] != null));
        Object[] row = QuarkusTransaction.requiringNew().call(() ->
                (Object[]) em.createNativeQuery(sql).setParameter("id", endpoint).getSingleResult());
        assertEquals(1, ((Number) row[0]).intValue());
        assertNull(row[1], "a status, so the receiver was called");
        assertTrue(((String) row[2]).contains("special address"), (String) row[2]);
        assertEquals(List.of(), receiver.calls(path));
    }
}
