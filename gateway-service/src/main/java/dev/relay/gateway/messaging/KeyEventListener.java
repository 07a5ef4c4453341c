package dev.relay.gateway.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.contracts.Topics;
import dev.relay.gateway.service.KeyIdentityCache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Drops cached key identities named by {@code relay.keys} events. Every replica must see every event, so each one
 * uses its own consumer group ({@code gateway-<uuid>}) and starts at the end of the topic: older events concern
 * entries this fresh replica cannot have cached.
 */
@ApplicationScoped
public class KeyEventListener {

    private static final Logger LOG = Logger.getLogger(KeyEventListener.class);

    private final KeyIdentityCache cache;
    private final ObjectMapper json;
    private final String bootstrap;
    private volatile KafkaConsumer<String, String> consumer;
    private volatile boolean running;
    private volatile boolean assigned;
    private Thread thread;

    public KeyEventListener(KeyIdentityCache cache, ObjectMapper json,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.cache = cache;
        this.json = json;
        this.bootstrap = bootstrap;
    }

    void start(@Observes StartupEvent event) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "gateway-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 5_000);
        // A revocation ends the long poll at once; the wait only spaces out an idle gateway's fetches.
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5_000);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(props);
        running = true;
        thread = new Thread(this::run, "key-events");
        thread.setDaemon(true);
        thread.start();
    }

    /** True once partitions of relay.keys are assigned: from then on no revocation is missed. */
    public boolean assigned() {
        return assigned;
    }

    private void run() {
        try {
            consumer.subscribe(List.of(Topics.KEYS), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    assigned = false;
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    // Reading starts at the topic's end as of when that end is looked up: a key looked up before and
                    // revoked before it would never be heard of. So the end is looked up now (position), then every
                    // entry is forgotten, and auth is asked again.
                    partitions.forEach(consumer::position);
                    cache.invalidateAll();
                    assigned = !partitions.isEmpty();
                }
            });
            while (running) {
                try {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                        apply(record.value());
                    }
                } catch (WakeupException e) {
                    break;
                } catch (RuntimeException e) {
                    LOG.warnf("relay.keys poll failed, retrying: %s", e.getMessage());
                    sleepQuietly();
                }
            }
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    void apply(String value) {
        try {
            JsonNode event = json.readTree(value);
            String hash = text(event, "keyHash", "key_hash");
            String keyId = text(event, "keyId", "key_id");
            cache.invalidate(hash, keyId);
        } catch (Exception e) {
            LOG.warnf("ignoring unreadable relay.keys event: %s", e.getClass().getSimpleName());
        }
    }

    private static String text(JsonNode node, String name, String alternative) {
        JsonNode value = node.hasNonNull(name) ? node.get(name) : node.get(alternative);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
    }
}
