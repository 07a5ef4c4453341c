package dev.relay.task.support;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.relay.contracts.TaskStatus;
import dev.relay.contracts.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The task topics on the test broker, as an executor sees them: relay.tasks.requested read from the beginning (records
 * kept by key), relay.tasks.status written with a plain producer.
 */
public final class TaskTopics {

    /** One relay.tasks.requested record: its Kafka key and parsed value. */
    public record Requested(String recordKey, JsonNode event) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final Map<String, List<Requested>> REQUESTED = new ConcurrentHashMap<>();
    private static KafkaProducer<String, String> producer;
    private static boolean reading;

    private TaskTopics() {
    }

    /** Every request event published for a task so far, after waiting for the first. */
    public static List<Requested> requestedFor(String taskId) {
        startReading();
        await("a relay.tasks.requested record for " + taskId).atMost(Duration.ofSeconds(30))
                .until(() -> REQUESTED.containsKey(taskId));
        return REQUESTED.get(taskId);
    }

    public static int running(String taskId) {
        return publish(null, taskId, TaskStatus.RUNNING, null, null, null, null);
    }

    /** What an executor that shut down before finishing the task publishes: back to the queue. */
    public static int requeued(String taskId) {
        return publish(null, taskId, TaskStatus.QUEUED, null, null, null, null);
    }

    public static int completed(String taskId, Map<String, Object> result) {
        return publish(null, taskId, TaskStatus.COMPLETED, result, null, null, null);
    }

    public static int failed(String taskId, int status, String code, String message) {
        return publish(null, taskId, TaskStatus.FAILED, null, status, code, message);
    }

    /**
     * Returns once every status published before on this partition was consumed: a marker task's running status,
     * sent to the same partition after them, shows (a partition is consumed in order).
     */
    public static void awaitConsumed(int partition) {
        String account = "acct-marker-" + UUID.randomUUID();
        String marker = Tasks.queued(account);
        publish(partition, marker, TaskStatus.RUNNING, null, null, null, null);
        await("marker task " + marker + " to run").atMost(Duration.ofSeconds(30))
                .until(() -> TaskStatus.RUNNING.equals(Tasks.poll(marker, account).path("status")));
    }

    /** @return the partition the event went to */
    private static int publish(Integer partition, String taskId, String status, Map<String, Object> result,
            Integer errorStatus, String errorCode, String errorMessage) {
        TaskStatus event = new TaskStatus(UUID.randomUUID().toString(), taskId, status, result, errorStatus, errorCode,
                errorMessage, Instant.now());
        return publish(Topics.TASKS_STATUS, partition, taskId, event);
    }

    /** Publishes an event (as JSON) keyed by the task id, as its producer in the fleet does. */
    public static void publish(String topic, String taskId, Object event) {
        publish(topic, null, taskId, event);
    }

    private static int publish(String topic, Integer partition, String taskId, Object event) {
        try {
            return producer().send(new ProducerRecord<>(topic, partition, taskId, JSON.writeValueAsString(event)))
                    .get().partition();
        } catch (Exception e) {
            throw new IllegalStateException(topic + " event not published", e);
        }
    }

    private static synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            producer = new KafkaProducer<>(props);
        }
        return producer;
    }

    private static synchronized void startReading() {
        if (reading) {
            return;
        }
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "task-service-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 1_000);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
        consumer.subscribe(List.of(Topics.TASKS_REQUESTED));
        Thread thread = new Thread(() -> {
            while (true) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        REQUESTED.computeIfAbsent(record.key(), key -> new CopyOnWriteArrayList<>())
                                .add(new Requested(record.key(), JSON.readTree(record.value())));
                    } catch (Exception ignored) {
                        // not a task event of ours
                    }
                }
            }
        }, "tasks-requested-tap");
        thread.setDaemon(true);
        thread.start();
        reading = true;
    }

    private static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }
}
