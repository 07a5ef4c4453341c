package dev.relay.auth.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.auth.persistence.ApiKey;
import dev.relay.auth.persistence.OutboxRepository;
import dev.relay.contracts.KeyEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/**
 * Announces key changes on relay.keys through the outbox: the event row commits or rolls back with the change,
 * and {@link OutboxPublisher} sends it afterwards. So an event is never lost after a commit, nor sent for a change
 * that rolled back.
 */
@ApplicationScoped
public class KeyEventOutbox {

    private final OutboxRepository outbox;
    private final ObjectMapper json;

    public KeyEventOutbox(OutboxRepository outbox, ObjectMapper json) {
        this.outbox = outbox;
        this.json = json;
    }

    /** Must run inside the transaction that made the change. */
    public void announce(KeyEvent.Type type, ApiKey key, Instant at) {
        KeyEvent event = new KeyEvent(UUID.randomUUID().toString(), type, key.id(), key.keyHash(), key.accountId(), at);
        try {
            outbox.append(key.id(), json.writeValueAsString(event), at);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("KeyEvent is not serialisable", e);
        }
    }
}
