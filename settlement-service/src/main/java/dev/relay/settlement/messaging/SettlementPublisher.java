package dev.relay.settlement.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.contracts.SettlementRecorded;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** {@code relay.settlements}, keyed by task id: a payment with its confirmations, for task-service and billing. */
@ApplicationScoped
public class SettlementPublisher {

    private final MutinyEmitter<String> emitter;
    private final ObjectMapper json;

    public SettlementPublisher(@Channel("settlements") MutinyEmitter<String> emitter, ObjectMapper json) {
        this.emitter = emitter;
        this.json = json;
    }

    /** Sends and waits for the broker's acknowledgement; throws when it does not come. */
    public void publish(SettlementRecorded settlement) {
        String value;
        try {
            value = json.writeValueAsString(settlement);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        emitter.sendMessageAndAwait(Message.of(value).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(settlement.taskId()).build()));
    }
}
