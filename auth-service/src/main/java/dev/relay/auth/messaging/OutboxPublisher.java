package dev.relay.auth.messaging;

import dev.relay.auth.config.AuthConfig;
import dev.relay.auth.persistence.OutboxRepository;
import dev.relay.auth.persistence.OutboxRepository.Pending;
import dev.relay.contracts.Topics;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to relay.keys (record key = key id, so one key's events stay in order) and deletes them
 * only once Kafka has acknowledged them (acks=all, idempotent producer). When Kafka is down the rows wait and are
 * retried on the next tick; a crash between send and delete can publish an event twice, which is harmless (the
 * gateway only drops a cache entry).
 */
@ApplicationScoped
public class OutboxPublisher {

    private static final Logger LOG = Logger.getLogger(OutboxPublisher.class);
    private static final int BATCH = 200;

    private final OutboxRepository outbox;
    private final Duration sendTimeout;
    private final KafkaProducer<String, String> producer;
    private volatile boolean failing;

    public OutboxPublisher(OutboxRepository outbox, AuthConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.outbox = outbox;
        this.sendTimeout = config.outbox().sendTimeout();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "auth-service-keys");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) sendTimeout.toMillis());
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) sendTimeout.toMillis());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) sendTimeout.toMillis() * 2);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        this.producer = new KafkaProducer<>(props);
    }

    @Scheduled(every = "${relay.auth.outbox.poll-interval:200ms}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            int published;
            do {
                published = QuarkusTransaction.requiringNew().call(this::publishBatch);
            } while (published == BATCH);
            if (failing) {
                LOG.info("relay.keys publishing recovered");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warnf("relay.keys publishing failed, events stay in the outbox and are retried: %s", e.toString());
                failing = true;
            }
        }
    }

    private int publishBatch() throws Exception {
        List<Pending> pending = outbox.lockOldest(BATCH);
        if (pending.isEmpty()) {
            return 0;
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>(pending.size());
        for (Pending row : pending) {
            acks.add(producer.send(new ProducerRecord<>(Topics.KEYS, row.keyId(), row.payload())));
        }
        for (Future<RecordMetadata> ack : acks) {
            ack.get(sendTimeout.toMillis() * 2, TimeUnit.MILLISECONDS);
        }
        outbox.delete(pending);
        LOG.debugf("published %d relay.keys events", pending.size());
        return pending.size();
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(2));
    }
}
