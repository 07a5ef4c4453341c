package dev.relay.gateway.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.contracts.Topics;
import dev.relay.contracts.UsageEvent;
import dev.relay.contracts.internal.TaskSubmission;
import dev.relay.gateway.messaging.UsagePublisher;
import io.quarkus.arc.Arc;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Assertions;

/**
 * Reads relay.usage with a plain KafkaConsumer (from the beginning) and indexes events by request id. What a test
 * reads of a request is read after a fence: a marker event published through the gateway's own {@link UsagePublisher}
 * on every partition of relay.usage, each read back. The publisher sends events in the order it was handed them (one
 * thread, one idempotent producer) and Kafka keeps each partition's order, so once the tap has read every marker it
 * has read every event the gateway had handed its publisher before the fence, whatever partition its key (the
 * account, none for a guest) put it on. Not covered: an event the gateway only hands over after the fence began.
 */
public final class UsageEvents {

    private static final TopicTap USAGE = new TopicTap(Topics.USAGE, event -> event.path("requestId").asText());
    /** One account id per partition of relay.usage, each hashing to its partition: the fence's markers' keys. */
    private static List<String> fenceAccounts;

    private UsageEvents() {
    }

    /** Waits (up to 30 s) for the first event of a request, then for the fence: its events, duplicates included. */
    public static List<JsonNode> forRequest(String requestId) {
        Eventually.until(() -> !USAGE.get(requestId).isEmpty(), Duration.ofSeconds(30),
                "a usage event for request " + requestId);
        fence();
        return USAGE.get(requestId);
    }

    /** A task's one usage event: a failed run's, which charges nothing, only releases its hold. */
    public static void assertUnbilled(TaskSubmission task) {
        List<JsonNode> events = forRequest(task.requestId());
        Assertions.assertEquals(1, events.size(), events.toString());
        Assertions.assertEquals("failed", events.get(0).path("outcome").asText(), events.toString());
        Assertions.assertEquals(0, events.get(0).path("mediaMillis").asLong() + events.get(0).path("images").asLong());
        Assertions.assertEquals(task.reservationId(), events.get(0).path("reservationId").asText());
    }

    /** Events for a request that should have none, once the fence has come after whatever it published. */
    public static List<JsonNode> noneExpectedFor(String requestId) {
        fence();
        return USAGE.get(requestId);
    }

    private static void fence() {
        UsagePublisher publisher = Arc.container().instance(UsagePublisher.class).get();
        String fence = "usage-fence-" + UUID.randomUUID();
        List<String> markers = new ArrayList<>();
        for (String account : fenceAccounts()) {
            String requestId = fence + "-" + markers.size();
            publisher.publish(new UsageEvent(requestId, requestId, account, null, "usage-fence", "direct", null, 0, 0,
                    null, 0, "failed", Instant.now(), null, null, 0, 0));
            markers.add(requestId);
        }
        Eventually.until(() -> markers.stream().noneMatch(marker -> USAGE.get(marker).isEmpty()),
                Duration.ofSeconds(30), "the usage fence's markers on every partition");
    }

    private static synchronized List<String> fenceAccounts() {
        if (fenceAccounts == null) {
            int partitions = partitions();
            String[] accounts = new String[partitions];
            int found = 0;
            for (int i = 0; found < partitions; i++) {
                String account = "usage-fence-" + i;
                int partition = BuiltInPartitioner.partitionForKey(account.getBytes(StandardCharsets.UTF_8),
                        partitions); // as the gateway's producer places an event of that account
                if (accounts[partition] == null) {
                    accounts[partition] = account;
                    found++;
                }
            }
            fenceAccounts = List.of(accounts);
        }
        return fenceAccounts;
    }

    private static int partitions() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:19092");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            return consumer.partitionsFor(Topics.USAGE, Duration.ofSeconds(30)).size();
        }
    }
}
