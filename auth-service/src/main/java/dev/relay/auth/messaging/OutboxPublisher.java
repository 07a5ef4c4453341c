package dev.relay.auth.messaging;

import dev.relay.auth.config.AuthConfig;
import dev.relay.auth.persistence.OutboxRepository;
import dev.relay.auth.persistence.OutboxRepository.Pending;
import dev.relay.contracts.Topics;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
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
 * only once Kafka has acknowledged them (acks=all, idempotent producer).
 *
 * <p>One thread drains the outbox as soon as a transaction that wrote to it commits ({@link #nudge()}), so a
 * revocation reaches the gateways in milliseconds, and otherwise every poll interval (rows left by another replica or
 * by a Kafka outage). When Kafka is down the rows wait and are retried; a crash between send and delete can publish
 * an event twice, which is harmless (a gateway only drops a cache entry).
 */
@ApplicationScoped
public class OutboxPublisher {

    private static final Logger LOG = Logger.getLogger(OutboxPublisher.class);
    private static final int BATCH = 200;

    private final OutboxRepository outbox;
    private final AuthConfig.Outbox config;
    private final String bootstrap;
    private final Semaphore wake = new Semaphore(0);
    private volatile KafkaProducer<String, String> producer;
    private volatile boolean running;
    private boolean failing;
    private Thread thread;

    public OutboxPublisher(OutboxRepository outbox, AuthConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.outbox = outbox;
        this.config = config.outbox();
        this.bootstrap = bootstrap;
    }

    void start(@Observes StartupEvent event) {
        producer = new KafkaProducer<>(producerConfig());
        running = true;
        thread = new Thread(this::run, "key-event-outbox");
        thread.setDaemon(true);
        thread.start();
    }

    /** Something was committed to the outbox: publish now rather than at the next poll. */
    public void nudge() {
        wake.release();
    }

    private void run() {
        while (running) {
            drainOnce();
            try {
                wake.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void drainOnce() {
        try {
            int published;
            do {
                published = QuarkusTransaction.requiringNew().call(this::publishBatch);
            } while (published == BATCH && running);
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
            ack.get(config.sendTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        }
        outbox.delete(pending);
        LOG.debugf("published %d relay.keys events", pending.size());
        return pending.size();
    }

    private Properties producerConfig() {
        int timeout = (int) config.sendTimeout().toMillis();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "auth-service-keys");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout * 2);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return props;
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (thread != null) {
            wake.release();
            try {
                thread.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
        }
    }
}
