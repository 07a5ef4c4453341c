package dev.relay.auth.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.contracts.UsageEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** relay.usage (group auth-service-last-used): every metered request refreshes its key's last_used_at. */
@ApplicationScoped
public class UsageListener {

    private static final Logger LOG = Logger.getLogger(UsageListener.class);

    private final LastUsedRecorder lastUsed;
    private final ObjectMapper json;

    public UsageListener(LastUsedRecorder lastUsed, ObjectMapper json) {
        this.lastUsed = lastUsed;
        this.json = json;
    }

    @Incoming("usage")
    public void onUsage(List<String> values) {
        for (String value : values) {
            record(value);
        }
    }

    private void record(String value) {
        UsageEvent event;
        try {
            event = json.readValue(value, UsageEvent.class);
        } catch (Exception e) {
            LOG.warnf("ignoring unreadable relay.usage record: %s", e.getClass().getSimpleName());
            return;
        }
        // Guests have no key; events without a time cannot order anything.
        if (event.keyId() != null && event.occurredAt() != null) {
            lastUsed.used(event.keyId(), event.occurredAt());
        }
    }
}
