package dev.relay.gateway.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.contracts.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads relay.usage with a plain KafkaConsumer (from the beginning) and indexes events by request id. */
public final class UsageEvents {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, List<JsonNode>> BY_REQUEST = new ConcurrentHashMap<>();
    private static volatile boolean started;

    private UsageEvents() {
    }

    private static synchronized void start() {
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
                consumer.subscribe(List.of(Topics.USAGE));
                while (true) {
                    consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                        try {
                            JsonNode event = JSON.readTree(record.value());
                            BY_REQUEST.computeIfAbsent(event.path("requestId").asText(), k -> new CopyOnWriteArrayList<>())
                                    .add(((com.fasterxml.jackson.databind.node.ObjectNode) event).put("_key", record.key()));
                        } catch (Exception ignored) {
                            // not ours
                        }
                    });
                }
            }
        }, "test-usage-reader");
        reader.setDaemon(true);
        reader.start();
        started = true;
    }

    /** Waits (up to 30 s) for the first event of a request, then a little longer to catch any duplicate. */
    public static List<JsonNode> forRequest(String requestId) {
        start();
        Eventually.until(() -> !BY_REQUEST.getOrDefault(requestId, List.of()).isEmpty(), Duration.ofSeconds(30),
                "a usage event for request " + requestId);
        Eventually.pause(Duration.ofMillis(1500));
        return new ArrayList<>(BY_REQUEST.get(requestId));
    }

    /** Events for a request that should have none, after giving a wrongly published one time to arrive. */
    public static List<JsonNode> noneExpectedFor(String requestId) {
        start();
        Eventually.pause(Duration.ofSeconds(3));
        return new ArrayList<>(BY_REQUEST.getOrDefault(requestId, List.of()));
    }

    public static void warmUp() {
        start();
    }
}
