package dev.relay.task.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.contracts.TaskRequested;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Publishes accepted tasks on {@code relay.tasks.requested}, keyed by task id (channel {@code tasks-requested}). */
@ApplicationScoped
public class TaskRequestPublisher {

    private final MutinyEmitter<String> emitter;
    private final ObjectMapper json;

    public TaskRequestPublisher(@Channel("tasks-requested") MutinyEmitter<String> emitter, ObjectMapper json) {
        this.emitter = emitter;
        this.json = json;
    }

    /** Completes when the broker acknowledged the event (acks=all), fails when it did not. */
    public Uni<Void> publish(TaskRequested event) {
        String payload;
        try {
            payload = json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return emitter.sendMessage(Message.of(payload)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.task().taskId()).build()));
    }
}
