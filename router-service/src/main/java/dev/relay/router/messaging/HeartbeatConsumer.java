package dev.relay.router.messaging;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.contracts.Topics;
import dev.relay.contracts.WorkerHeartbeat;
import dev.relay.router.service.Registration;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@value Topics#WORKERS}. Every router replica must see every heartbeat, so the channel uses a consumer
 * group unique to this process ({@code router-<uuid>}) starting at the latest offset: workers heartbeat every few
 * seconds, so a fresh replica learns the fleet within one interval without replaying history.
 */
@ApplicationScoped
public class HeartbeatConsumer {

    private static final Logger LOG = Logger.getLogger(HeartbeatConsumer.class);

    private final ObjectMapper json;
    private final Registration registration;

    public HeartbeatConsumer(ObjectMapper json, Registration registration) {
        // A worker written in another language may spell the state "leaving"; accept any case.
        this.json = json.copy();
        this.json.configOverride(WorkerHeartbeat.State.class)
                .setFormat(JsonFormat.Value.empty().withFeature(JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_VALUES));
        this.registration = registration;
    }

    /** Parsed here rather than by a Kafka deserializer so that one malformed record is logged and skipped. */
    @Incoming("workers")
    public void onHeartbeat(String payload) {
        WorkerHeartbeat heartbeat;
        try {
            heartbeat = json.readValue(payload, WorkerHeartbeat.class);
        } catch (Exception e) {
            LOG.warnf("skipping a malformed record on %s: %s", Topics.WORKERS, e.getMessage());
            return;
        }
        registration.heartbeat(heartbeat);
    }
}
