package dev.relay.billing.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.billing.config.BillingConfig;
import dev.relay.billing.service.BalancePropagation;
import dev.relay.billing.service.PriceCatalog;
import dev.relay.billing.service.SettledBatch;
import dev.relay.billing.service.UsageSettlement;
import dev.relay.contracts.UsageEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Consumes relay.usage in batches on one thread: poll, settle the whole batch in one database transaction, write
 * Redis, and only then commit the offsets. A crash anywhere redelivers the batch, and redelivery is a no-op in the
 * ledger (unique event id) and in Redis (HDEL decides), so every event is charged exactly once.
 */
@ApplicationScoped
public class UsageConsumer {

    private static final Logger LOG = Logger.getLogger(UsageConsumer.class);

    private final BillingConfig config;
    private final ObjectMapper json;
    private final UsageSettlement settlement;
    private final BalancePropagation propagation;
    private final PriceCatalog catalog;
    private final String bootstrap;
    private volatile boolean running;
    private volatile KafkaConsumer<String, String> consumer;
    private Thread thread;

    public UsageConsumer(BillingConfig config, ObjectMapper json, UsageSettlement settlement,
            BalancePropagation propagation, PriceCatalog catalog,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.config = config;
        this.json = json;
        this.settlement = settlement;
        this.propagation = propagation;
        this.catalog = catalog;
        this.bootstrap = bootstrap;
    }

    void start(@Observes StartupEvent event) {
        catalog.seed();
        if (!config.usage().enabled()) {
            LOG.info("usage consumer disabled");
            return;
        }
        running = true;
        thread = new Thread(this::run, "usage-consumer");
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            thread.join(Duration.ofSeconds(30));
        }
    }

    private void run() {
        pushBalancesUntilDone();
        try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(properties(), new StringDeserializer(),
                new StringDeserializer())) {
            consumer = kafka;
            kafka.subscribe(List.of(config.usage().topic()));
            while (running) {
                ConsumerRecords<String, String> records = kafka.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    process(kafka, records);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.error("usage consumer woken up unexpectedly", e);
            }
        } catch (RuntimeException e) {
            LOG.error("usage consumer stopped", e);
        }
    }

    private void process(KafkaConsumer<String, String> kafka, ConsumerRecords<String, String> records) {
        List<UsageEvent> events = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            UsageEvent event = parse(record);
            if (event != null) {
                events.add(event);
            }
        }
        try {
            SettledBatch batch = settlement.settle(events);
            propagation.propagate(batch);
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.errorf(e, "batch of %d usage events not settled, retrying", records.count());
            rewind(kafka, records);
            pause(config.usage().retryBackoff());
            return;
        }
        try {
            kafka.commitSync(nextOffsets(records));
        } catch (CommitFailedException e) {
            // The partitions moved to another member, which redelivers this batch: harmless, it is idempotent.
            LOG.warnf("offset commit refused after a rebalance: %s", e.getMessage());
        }
    }

    /**
     * An event billing cannot attribute (no event id or account) is logged and skipped: retrying it forever would
     * stop billing for everybody. Missing times fall back to the record's timestamp.
     */
    UsageEvent parse(ConsumerRecord<String, String> record) {
        try {
            UsageEvent e = json.readValue(record.value(), UsageEvent.class);
            if (e == null || blank(e.eventId()) || blank(e.accountId())) {
                LOG.errorf("usage event at %s-%d@%d has no event id or account id, skipped", record.topic(),
                        record.partition(), record.offset());
                return null;
            }
            if (e.occurredAt() == null) {
                return new UsageEvent(e.eventId(), e.requestId(), e.accountId(), e.keyId(), e.model(), e.mode(),
                        e.workerId(), e.promptTokens(), e.completionTokens(), e.reservationId(), e.reservedMicro(),
                        e.outcome(), Instant.ofEpochMilli(record.timestamp()));
            }
            return e;
        } catch (Exception ex) {
            LOG.errorf("unreadable usage event at %s-%d@%d skipped: %s", record.topic(), record.partition(),
                    record.offset(), ex.getMessage());
            return null;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, String> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, String>> list = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
        }
        return offsets;
    }

    private static void rewind(KafkaConsumer<String, String> kafka, ConsumerRecords<String, String> records) {
        for (TopicPartition partition : records.partitions()) {
            if (kafka.assignment().contains(partition)) {
                kafka.seek(partition, records.records(partition).get(0).offset());
            }
        }
    }

    /** Redis may have been restarted: until every balance is back there, gateways would answer 402 to everyone. */
    private void pushBalancesUntilDone() {
        while (running) {
            try {
                propagation.pushAll();
                return;
            } catch (RuntimeException e) {
                LOG.errorf("pushing balances to Redis failed, retrying: %s", e.getMessage());
                pause(config.usage().retryBackoff());
            }
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Properties properties() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.usage().groupId());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(config.usage().maxPollRecords()));
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "billing-service-usage");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return props;
    }
}
