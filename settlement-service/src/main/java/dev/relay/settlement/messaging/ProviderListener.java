package dev.relay.settlement.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.contracts.WorkerHeartbeat;
import dev.relay.settlement.config.SettlementConfig;
import dev.relay.settlement.service.SettlementIntake;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * {@code relay.workers} (group {@code settlement-service}): an opengpu worker's heartbeat names the address it is
 * paid at, under the label {@code relay.settlement.payout.label}.
 */
@ApplicationScoped
public class ProviderListener {

    private static final Logger LOG = Logger.getLogger(ProviderListener.class);

    private final SettlementIntake intake;
    private final ObjectMapper json;
    private final String label;

    public ProviderListener(SettlementIntake intake, ObjectMapper json, SettlementConfig config) {
        this.intake = intake;
        this.json = json;
        this.label = config.payout().label();
    }

    @Incoming("workers")
    @Blocking
    public void onHeartbeat(String value) throws InterruptedException {
        WorkerHeartbeat heartbeat;
        try {
            heartbeat = json.readValue(value, WorkerHeartbeat.class);
        } catch (Exception e) {
            LOG.warn("ignoring an unreadable relay.workers record");
            return;
        }
        if (heartbeat == null || !"opengpu".equals(heartbeat.mode()) || heartbeat.labels() == null
                || heartbeat.labels().get(label) == null) {
            return;
        }
        Persistently.apply("payout address of worker " + heartbeat.workerId(),
                () -> intake.providerAnnounced(heartbeat.workerId(), heartbeat.labels().get(label)));
    }
}
