package dev.relay.gateway.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.contracts.Topics;
import dev.relay.contracts.UsageEvent;
import dev.relay.gateway.config.GatewayConfig;
import dev.relay.gateway.service.ReservationTrim;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes usage events on {@code relay.usage} (key = account id) with an idempotent, acks=all producer and waits
 * for the broker's ack. If Kafka is unreachable, each attempt is bounded by the delivery timeout and retried a
 * bounded number of times; after that the event is logged at ERROR with all its fields, so it can be replayed by
 * hand. Limits: events still in retry are lost if this process dies, and the reservation they name stays open.
 * Once the broker has an event, the hold it names shrinks to its cost ({@link ReservationTrim}).
 */
@ApplicationScoped
public class UsagePublisher {

    private static final Logger LOG = Logger.getLogger(UsagePublisher.class);
    private static final int LINGER_MS = 20;

    private final KafkaProducer<String, String> producer;
    private final ObjectMapper json;
    private final int maxAttempts;
    private final long backoffMs;
    private final Consumer<UsageEvent> acknowledged;
    // send() may block while metadata is missing (Kafka down): never on an event loop. The producer holds events for
    // LINGER_MS anyway, so the sender may gather them for half that without the event loop waking it for each.
    private final CoalescingExecutor sender = new CoalescingExecutor("usage-publisher", Duration.ofMillis(LINGER_MS / 2));
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
            r -> new Thread(r, "usage-publisher-retry"));

    @Inject
    public UsagePublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap, ObjectMapper json,
            GatewayConfig config, ReservationTrim trim) {
        this(producerProperties(bootstrap, config.usage().deliveryTimeoutMs()), json, config.usage().maxAttempts(),
                1_000, trim::afterPublished);
    }

    UsagePublisher(Properties producerProperties, ObjectMapper json, int maxAttempts, long backoffMs,
            Consumer<UsageEvent> acknowledged) {
        this.json = json;
        this.maxAttempts = maxAttempts;
        this.backoffMs = backoffMs;
        this.acknowledged = acknowledged;
        this.producer = new KafkaProducer<>(producerProperties);
    }

    static Properties producerProperties(String bootstrap, int deliveryTimeoutMs) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryTimeoutMs);
        // Some milliseconds of batching turn one produce request per chat request into one per batch, a large part of
        // the broker's CPU under load; billing needs the event soon, not at once (the response never waits for it). Kafka insists on
        // delivery.timeout >= linger + request.timeout.
        props.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(10_000, deliveryTimeoutMs - LINGER_MS));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(5_000, deliveryTimeoutMs));
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "gateway-usage");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return props;
    }

    /** Connects and fetches the topic's metadata at startup, so the first request does not pay for it. */
    void warm(@Observes StartupEvent event) {
        sender.execute(() -> {
            try {
                producer.partitionsFor(Topics.USAGE);
            } catch (RuntimeException e) {
                LOG.warnf("relay.usage metadata not available yet: %s", e.getMessage());
            }
        });
    }

    /** Completes when the broker acknowledged the event; fails only after every attempt failed (already logged). */
    public Uni<Void> publish(UsageEvent event) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        // Serialised on the sender's thread, not on the event loop that called (and still has requests to serve).
        sender.execute(() -> {
            try {
                send(new ProducerRecord<>(Topics.USAGE, event.accountId(), json.writeValueAsString(event)), 1, acked);
            } catch (JsonProcessingException e) {
                LOG.errorf(e, "usage event %s could not be serialised", event.eventId());
                acked.completeExceptionally(e);
            }
        });
        return Uni.createFrom().completionStage(acked.thenRun(() -> acknowledged.accept(event)));
    }

    private void attempt(ProducerRecord<String, String> record, int attempt, CompletableFuture<Void> acked) {
        sender.execute(() -> send(record, attempt, acked));
    }

    /** On the sender's thread only. */
    private void send(ProducerRecord<String, String> record, int attempt, CompletableFuture<Void> acked) {
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    acked.complete(null);
                } else {
                    retryOrGiveUp(record, attempt, acked, error);
                }
            });
        } catch (RuntimeException error) {
            retryOrGiveUp(record, attempt, acked, error);
        }
    }

    private void retryOrGiveUp(ProducerRecord<String, String> record, int attempt, CompletableFuture<Void> acked,
            Throwable error) {
        if (attempt < maxAttempts && !retries.isShutdown()) { // shutting down: no later attempt would run
            LOG.warnf("usage event not acknowledged (attempt %d of %d): %s", attempt, maxAttempts, error.getMessage());
            retries.schedule(() -> attempt(record, attempt + 1, acked), backoffMs * attempt, TimeUnit.MILLISECONDS);
        } else {
            LOG.errorf("usage event LOST after %d attempts, replay it by hand: %s", attempt, record.value());
            acked.completeExceptionally(error);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        close();
    }

    void close() {
        retries.shutdownNow();
        sender.close(Duration.ofSeconds(5));
        producer.close(Duration.ofSeconds(10));
    }
}
