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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * Consumes relay.usage in batches: poll, write the whole batch to the ledger in one database transaction, settle it
 * in Redis (on a second thread, overlapping the next batch's transaction), and only then commit its offsets. A crash anywhere redelivers the batch, and redelivery is a no-op in the
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

    /**
     * A batch whose ledger transaction committed and whose Redis settlement runs on the settling thread; its
     * offsets are committed (on this thread: the consumer is single-threaded) once that settlement succeeded.
     */
    private record Pending(Future<?> settlement, Map<TopicPartition, OffsetAndMetadata> next,
            Map<TopicPartition, Long> first, int size) {
    }

    private void run() {
        pushBalancesUntilDone();
        ExecutorService settling = Executors.newSingleThreadExecutor(r -> new Thread(r, "usage-settling"));
        try {
            while (running) {
                try {
                    consume(settling);
                } catch (WakeupException e) {
                    if (running) {
                        LOG.error("usage consumer woken up unexpectedly, reconnecting", e);
                    }
                } catch (RuntimeException e) {
                    // Never stop billing for good: uncommitted batches are redelivered to the new consumer.
                    LOG.error("usage consumer failed, reconnecting", e);
                    pause(config.usage().retryBackoff());
                }
            }
        } finally {
            settling.shutdown();
        }
    }

    private void consume(ExecutorService settling) {
        try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(properties(), new StringDeserializer(),
                new StringDeserializer())) {
            consumer = kafka;
            kafka.subscribe(List.of(config.usage().topic()));
            Pending pending = null;
            try {
                while (running) {
                    ConsumerRecords<String, String> records = kafka.poll(Duration.ofMillis(pending == null ? 500 : 0));
                    if (records.isEmpty()) {
                        Pending done = pending;
                        pending = null;
                        finish(kafka, done);
                    } else {
                        Pending previous = pending;
                        pending = null;
                        pending = process(kafka, records, previous, settling);
                    }
                }
            } finally {
                if (pending != null) {
                    // Shutting down: commit what Redis already settled; anything else is redelivered at restart.
                    try {
                        finish(kafka, pending);
                    } catch (RuntimeException e) {
                        LOG.warnf("last batch's offsets not committed (it will be redelivered): %s", e.getMessage());
                    }
                }
            }
        }
    }

    /**
     * Writes this batch to the ledger while the previous batch is still being settled in Redis (the two overlap),
     * then commits the previous batch's offsets and hands this batch to the settling thread.
     *
     * @return the batch now pending, or null when everything was rewound for a retry
     */
    private Pending process(KafkaConsumer<String, String> kafka, ConsumerRecords<String, String> records,
            Pending previous, ExecutorService settling) {
        long started = System.nanoTime();
        List<UsageEvent> events = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            UsageEvent event = parse(record);
            if (event != null) {
                events.add(event);
            }
        }
        long parsed = System.nanoTime();
        SettledBatch batch;
        try {
            batch = settlement.settle(events);
        } catch (RuntimeException e) {
            LOG.errorf(e, "batch of %d usage events not written to the ledger, retrying", records.count());
            if (finish(kafka, previous)) {
                rewind(kafka, firstOffsets(records));
            }
            pause(config.usage().retryBackoff());
            return null;
        }
        long written = System.nanoTime();
        if (!finish(kafka, previous)) {
            // The previous batch was rewound; this one follows it and is redelivered too (a no-op in the ledger).
            return null;
        }
        if (LOG.isDebugEnabled()) {
            LOG.debugf("batch of %d: parse %d ms, ledger %d ms, wait for previous settlement %d ms", records.count(),
                    (parsed - started) / 1_000_000, (written - parsed) / 1_000_000,
                    (System.nanoTime() - written) / 1_000_000);
        }
        return new Pending(settling.submit(() -> propagation.propagate(batch)), nextOffsets(records),
                firstOffsets(records), records.count());
    }

    /**
     * Waits for a pending batch's Redis settlement; commits its offsets if it succeeded, rewinds to its first
     * offsets if it failed (the redelivery settles it again: HDEL makes that safe).
     *
     * @return false when the batch was rewound
     */
    private boolean finish(KafkaConsumer<String, String> kafka, Pending pending) {
        if (pending == null) {
            return true;
        }
        try {
            pending.settlement().get();
        } catch (ExecutionException e) {
            LOG.errorf(e.getCause(), "batch of %d usage events not settled in Redis, retrying", pending.size());
            rewind(kafka, pending.first());
            pause(config.usage().retryBackoff());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            rewind(kafka, pending.first());
            return false;
        }
        try {
            kafka.commitSync(pending.next());
        } catch (CommitFailedException e) {
            // The partitions moved to another member, which redelivers this batch: harmless, it is idempotent.
            LOG.warnf("offset commit refused after a rebalance: %s", e.getMessage());
        }
        return true;
    }

    /**
     * A guest's event (no account, no key) is skipped: guests run free models only. An event billing cannot
     * attribute (no event id, or a key without an account) is logged and skipped: retrying it forever would
     * stop billing for everybody. For the same reason values PostgreSQL would refuse are normalised: NUL characters
     * are removed, and a missing or implausible time (before 2020, or more than a day ahead) becomes the record's
     * timestamp. Counts (tokens, images, media milliseconds; absent in an older producer's event: 0) are passed on as
     * sent: {@link UsageSettlement} counts a negative one as 0 and clamps an absurd one where it charges them.
     */
    UsageEvent parse(ConsumerRecord<String, String> record) {
        UsageEvent e;
        try {
            e = json.readValue(record.value(), UsageEvent.class);
        } catch (Exception ex) {
            LOG.errorf("unreadable usage event at %s-%d@%d skipped: %s", record.topic(), record.partition(),
                    record.offset(), ex.getMessage());
            return null;
        }
        if (e != null && blank(e.accountId()) && blank(e.keyId())) {
            return null; // a guest's request: free, nobody to charge
        }
        if (e == null || blank(e.eventId()) || blank(e.accountId())) {
            LOG.errorf("usage event at %s-%d@%d has no event id or account id, skipped", record.topic(),
                    record.partition(), record.offset());
            return null;
        }
        Instant at = e.occurredAt();
        Instant now = Instant.now();
        if (at == null || at.isBefore(EARLIEST) || at.isAfter(now.plus(Duration.ofDays(1)))) {
            at = Instant.ofEpochMilli(record.timestamp());
        }
        return new UsageEvent(clean(e.eventId()), clean(e.requestId()), clean(e.accountId()), clean(e.keyId()),
                clean(e.model()), clean(e.mode()), clean(e.workerId()), e.promptTokens(), e.completionTokens(),
                clean(e.reservationId()), e.reservedMicro(), clean(e.outcome()), at, clean(e.taskId()), e.priceVersion(),
                e.images(), e.mediaMillis());
    }

    private static final Instant EARLIEST = Instant.parse("2020-01-01T00:00:00Z");

    private static String clean(String s) {
        return s == null || s.indexOf(0) < 0 ? s : s.replace("\0", "");
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

    private static Map<TopicPartition, Long> firstOffsets(ConsumerRecords<String, String> records) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            offsets.put(partition, records.records(partition).get(0).offset());
        }
        return offsets;
    }

    private static void rewind(KafkaConsumer<String, String> kafka, Map<TopicPartition, Long> first) {
        first.forEach((partition, offset) -> {
            if (kafka.assignment().contains(partition)) {
                kafka.seek(partition, offset);
            }
        });
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
        // Large fetches so that a poll fills a whole batch (usage events are ~400 bytes).
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 * 1024 * 1024));
        // Under steady traffic the broker waits up to 250 ms to hand over ~120 events at once instead of one per fetch:
        // each batch costs a transaction, a Redis settlement and a balance push, so tiny batches cost the most CPU,
        // and an idle billing fetches four times a second, not ten. The wait only delays settling; the gateway's
        // reservation already covers the request meanwhile.
        props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, Integer.toString(48 * 1024));
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "250");
        return props;
    }
}
