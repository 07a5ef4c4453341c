package dev.relay.gateway.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.relay.contracts.RedisKeys;
import dev.relay.contracts.TaskRequested;
import dev.relay.contracts.Topics;
import dev.relay.contracts.internal.TaskSubmission;
import io.quarkus.redis.datasource.RedisDataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Assertions;

/**
 * The async task topics as task-service sees them: accepted tasks published where this gateway's executor reads
 * them (the test JVM's own topic), and the status events it publishes on relay.tasks.status, by task id.
 */
public final class TaskTopics {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final TopicTap STATUSES = new TopicTap(Topics.TASKS_STATUS, event -> event.path("taskId").asText());
    private static KafkaProducer<String, String> producer;
    private static Admin admin;

    private TaskTopics() {
    }

    /** A task of a fresh account, as task-service would hand it to executors, for a chat with this model. */
    public static TaskSubmission chatTask(String model, String reservationId, long reservedMicro) {
        return chatTask(model, "direct", reservationId, reservedMicro);
    }

    /** The same, accepted in {@code mode} ({@code direct} or {@code opengpu}), which its id is named after. */
    public static TaskSubmission chatTask(String model, String mode, String reservationId, long reservedMicro) {
        return task(TaskSubmission.CHAT, model, mode, reservationId, reservedMicro, Map.of("model", model,
                "max_tokens", 50, "messages", List.of(Map.of("role", "user", "content", "say hello"))));
    }

    /**
     * A direct media task of {@code kind} ({@link TaskSubmission#IMAGE}...) of a fresh account, its worker's request
     * {@code body}, with {@code reservedMicro} held for it as {@code reservationId}.
     */
    public static TaskSubmission mediaTask(String kind, String model, Map<String, Object> body, String reservationId,
            long reservedMicro) {
        return task(kind, model, "direct", reservationId, reservedMicro, body);
    }

    private static TaskSubmission task(String kind, String model, String mode, String reservationId,
            long reservedMicro, Map<String, Object> body) {
        String account = "acct-" + UUID.randomUUID();
        return new TaskSubmission(mode + ":" + UUID.randomUUID(), kind, account, "key-" + account, "standard", mode,
                model, reservationId, reservedMicro, body, "req-" + UUID.randomUUID());
    }

    /** Funds the task's account with {@code balanceMicro} and holds its credit, as the gateway did at submission. */
    public static TaskSubmission held(RedisDataSource redis, TaskSubmission task, long balanceMicro) {
        redis.value(String.class).set(RedisKeys.balance(task.accountId()), Long.toString(balanceMicro));
        redis.hash(String.class).hset(RedisKeys.reservations(task.accountId()), task.reservationId(),
                Long.toString(task.reservedMicro()));
        redis.value(String.class).incrby(RedisKeys.reservedTotal(task.accountId()), task.reservedMicro());
        return task;
    }

    /** Publishes the task; answers where its record went. */
    public static RecordMetadata publish(TaskSubmission task) {
        String topic = ConfigProvider.getConfig().getValue("mp.messaging.incoming.tasks-requested.topic", String.class);
        try {
            String event = JSON.writeValueAsString(new TaskRequested(UUID.randomUUID().toString(), task, Instant.now()));
            return producer().send(new ProducerRecord<>(topic, task.taskId(), event)).get();
        } catch (Exception e) {
            throw new IllegalStateException("task not published", e);
        }
    }

    /**
     * Whether the chat executors' consumer group has committed its offset past {@code record}: the executor took it
     * and is done with it (a record is acknowledged once its terminal status is in Kafka, or at once when it is not
     * run), whatever it did with it.
     */
    public static boolean committedPast(RecordMetadata record) {
        String group = ConfigProvider.getConfig().getValue("mp.messaging.incoming.tasks-requested.group.id",
                String.class);
        try {
            OffsetAndMetadata committed = admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get().get(new TopicPartition(record.topic(), record.partition()));
            return committed != null && committed.offset() > record.offset();
        } catch (Exception e) {
            throw new IllegalStateException("the executors' offsets could not be read", e);
        }
    }

    /** Waits (up to 30 s) for the task's terminal status; returns every status of it so far, oldest first. */
    public static List<JsonNode> untilFinished(String taskId) {
        Eventually.until(() -> STATUSES.get(taskId).stream().anyMatch(TaskTopics::terminal), Duration.ofSeconds(30),
                "a terminal status of task " + taskId);
        return STATUSES.get(taskId);
    }

    public static JsonNode terminalStatus(String taskId) {
        return untilFinished(taskId).stream().filter(TaskTopics::terminal).findFirst().orElseThrow();
    }

    /** Waits for the task to end, and asserts it failed as its worker's timeout (504), uncharged. */
    public static void assertFailedAsTimedOutUnbilled(TaskSubmission task) {
        JsonNode failed = terminalStatus(task.taskId());
        Assertions.assertEquals("failed", failed.path("status").asText(), failed.toString());
        Assertions.assertEquals(504, failed.path("errorStatus").asInt());
        Assertions.assertEquals("upstream_timeout", failed.path("errorCode").asText());
        UsageEvents.assertUnbilled(task);
    }

    private static boolean terminal(JsonNode status) {
        String value = status.path("status").asText();
        return value.equals("completed") || value.equals("failed");
    }

    private static synchronized Admin admin() {
        if (admin == null) {
            Properties props = new Properties();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:19092");
            admin = Admin.create(props);
        }
        return admin;
    }

    private static synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:19092");
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            producer = new KafkaProducer<>(props);
        }
        return producer;
    }
}
