package dev.relay.task.service;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;

import dev.relay.task.persistence.WebhookDeliveryRepository;
import dev.relay.task.support.WebhookReceiver;
import dev.relay.task.support.Webhooks;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An endpoint that takes its calls is sent its backlog one call after the other, not one call a round. */
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
