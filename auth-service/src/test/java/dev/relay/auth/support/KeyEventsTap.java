package dev.relay.auth.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.contracts.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Reads relay.keys from the beginning with a plain KafkaConsumer, as a gateway would, and keeps every record.
 * One tap per test JVM; tests pick their own events out by key id.
 */
public final class KeyEventsTap {

    /** One relay.keys record: Kafka key and parsed value. */
    public record Received(String recordKey, JsonNode event) {
        public String type() {
            return event.path("type").asText();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private static volatile boolean started;

    private KeyEventsTap() {
    }

    public static Received await(String keyId, String type) {
        start();
        return Eventually.find(() -> RECEIVED.stream()
                .filter(r -> keyId.equals(r.event().path("keyId").asText()) && type.equals(r.type())).findFirst(),
                type + " event for " + keyId + " on " + Topics.KEYS);
    }

    private static synchronized void start() {
        if (started) {
            return;
        }
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "auth-service-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 1_000);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
        consumer.subscribe(List.of(Topics.KEYS));
        Thread thread = new Thread(() -> {
            while (true) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    parse(record.value()).ifPresent(event -> RECEIVED.add(new Received(record.key(), event)));
                }
            }
        }, "relay-keys-tap");
        thread.setDaemon(true);
        thread.start();
        started = true;
    }

    private static Optional<JsonNode> parse(String value) {
        try {
            return Optional.of(JSON.readTree(value));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
