package dev.relay.settlement.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.contracts.UsageEvent;
import dev.relay.settlement.service.SettlementIntake;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * {@code relay.usage} (group {@code settlement-service}): every request's usage; opengpu tasks' become payments. A
 * database failure is retried, never skipped. Read in batches: nearly every event is a direct-mode request this
 * service only reads past, and one fetch per half second instead of one per producer batch saves the broker and
 * this service most of their CPU per chat request (a payment may wait that long).
 */
@ApplicationScoped
public class UsageListener {

    private static final Logger LOG = Logger.getLogger(UsageListener.class);

    private final SettlementIntake intake;
    private final ObjectMapper json;

    public UsageListener(SettlementIntake intake, ObjectMapper json) {
        this.intake = intake;
        this.json = json;
    }

    @Incoming("usage")
    @Blocking
    public void onUsage(List<String> values) throws InterruptedException {
        for (String value : values) {
            take(value);
        }
    }

    private void take(String value) throws InterruptedException {
        UsageEvent usage;
        try {
            usage = json.readValue(value, UsageEvent.class);
        } catch (Exception e) {
            LOG.warn("ignoring an unreadable relay.usage record");
            return;
        }
        Persistently.apply("usage of task " + usage.taskId(), () -> intake.usage(usage));
    }
}
