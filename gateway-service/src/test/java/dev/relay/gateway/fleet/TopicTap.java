package dev.relay.gateway.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads one topic of the test broker from the beginning with a plain KafkaConsumer (a group of its own) and indexes
 * its JSON records by a field of theirs; each record gets its Kafka key as {@code _key}.
 */
final class TopicTap {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String topic;
    private final Function<JsonNode, String> index;
    private final Map<String, List<JsonNode>> records = new ConcurrentHashMap<>();
    private boolean started;

    TopicTap(String topic, Function<JsonNode, String> index) {
        this.topic = topic;
        this.index = index;
    }

    /** The records indexed under {@code key} so far (a copy). */
    List<JsonNode> get(String key) {
        start();
        return new ArrayList<>(records.getOrDefault(key, List.of()));
    }

    synchronized void start() {
        if (started) {
            return;
        }
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:19092");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "gateway-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 2_000);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Thread reader = new Thread(() -> {
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
                consumer.subscribe(List.of(topic));
                while (true) {
                    consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                        try {
                            JsonNode event = JSON.readTree(record.value());
                            records.computeIfAbsent(index.apply(event), k -> new CopyOnWriteArrayList<>())
                                    .add(((ObjectNode) event).put("_key", record.key()));
                        } catch (Exception ignored) {
                            // not ours
                        }
                    });
                }
            }
        }, "test-tap-" + topic);
        reader.setDaemon(true);
        reader.start();
        started = true;
    }
}
