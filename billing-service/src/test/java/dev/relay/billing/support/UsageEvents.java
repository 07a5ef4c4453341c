package dev.relay.billing.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.contracts.Topics;
import dev.relay.contracts.UsageEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.annotation.PreDestroy;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Publishes usage events on the real relay.usage topic, the way the gateway does (plain kafka-clients producer). */
@ApplicationScoped
public class UsageEvents {

    private final ObjectMapper json;
    private final KafkaProducer<String, String> producer;

    public UsageEvents(ObjectMapper json, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.json = json;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    public static String newAccount() {
        return "acct_test_" + UUID.randomUUID();
    }

    public static UsageEvent event(String accountId, String model, long prompt, long completion) {
        return event(accountId, model, prompt, completion, null, 0, "completed", Instant.now());
    }

    public static UsageEvent event(String accountId, String model, long prompt, long completion, String reservationId,
            long reservedMicro, String outcome, Instant occurredAt) {
        return of(accountId, model, prompt, completion, 0, 0, reservationId, reservedMicro, outcome, occurredAt);
    }

    /** An image, speech, transcription or video request's event: no tokens, {@code images} and {@code mediaMillis}. */
    public static UsageEvent media(String accountId, String model, long images, long mediaMillis) {
        return media(accountId, model, images, mediaMillis, null, 0);
    }

    public static UsageEvent media(String accountId, String model, long images, long mediaMillis,
            String reservationId, long reservedMicro) {
        return of(accountId, model, 0, 0, images, mediaMillis, reservationId, reservedMicro, "completed", Instant.now());
    }

    private static UsageEvent of(String accountId, String model, long prompt, long completion, long images,
            long mediaMillis, String reservationId, long reservedMicro, String outcome, Instant occurredAt) {
        return new UsageEvent("evt_" + UUID.randomUUID(), "req_" + UUID.randomUUID(), accountId, "key_test", model,
                "direct", "worker-1", prompt, completion, reservationId, reservedMicro, outcome, occurredAt, null, null,
                images, mediaMillis);
    }

    /** The same event, its credit held at version {@code version} of its model's price. */
    public static UsageEvent heldAt(UsageEvent e, int version) {
        return new UsageEvent(e.eventId(), e.requestId(), e.accountId(), e.keyId(), e.model(), e.mode(), e.workerId(),
                e.promptTokens(), e.completionTokens(), e.reservationId(), e.reservedMicro(), e.outcome(),
                e.occurredAt(), e.taskId(), version, e.images(), e.mediaMillis());
    }

    /** Sends and waits for the broker's acknowledgement of every event. */
    public void publish(List<UsageEvent> events) {
        events.forEach(event -> send(event, json.valueToTree(event)));
        producer.flush();
    }

    public void publish(UsageEvent... events) {
        publish(List.of(events));
    }

    /** Publishes the event as a producer from before media did: without {@code images} and {@code mediaMillis}. */
    public void publishWithoutMediaFields(UsageEvent event) {
        ObjectNode older = json.valueToTree(event);
        older.remove(List.of("images", "mediaMillis"));
        send(event, older);
        producer.flush();
    }

    private void send(UsageEvent event, JsonNode value) {
        producer.send(new ProducerRecord<>(Topics.USAGE, event.accountId(), value.toString()));
    }

    @PreDestroy
    void close() {
        producer.close();
    }
}
