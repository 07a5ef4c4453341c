package dev.relay.auth.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.auth.persistence.ApiKey;
import dev.relay.auth.persistence.OutboxRepository;
import dev.relay.contracts.KeyEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
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
    private final OutboxPublisher publisher;
    private final TransactionSynchronizationRegistry transactions;

    public KeyEventOutbox(OutboxRepository outbox, ObjectMapper json, OutboxPublisher publisher,
            TransactionSynchronizationRegistry transactions) {
        this.outbox = outbox;
        this.json = json;
        this.publisher = publisher;
        this.transactions = transactions;
    }

    /** Must run inside the transaction that made the change. */
    public void announce(KeyEvent.Type type, ApiKey key, Instant at) {
        KeyEvent event = new KeyEvent(UUID.randomUUID().toString(), type, key.id(), key.keyHash(), key.accountId(), at);
        try {
            outbox.append(key.id(), json.writeValueAsString(event), at);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("KeyEvent is not serialisable", e);
        }
        transactions.registerInterposedSynchronization(new PublishAfterCommit());
    }

    /** Wakes the publisher once the row is visible; before the commit it could not see it. */
    private final class PublishAfterCommit implements Synchronization {
        @Override
        public void beforeCompletion() {
        }

        @Override
        public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
                publisher.nudge();
            }
        }
    }
}
