package dev.relay.router.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.contracts.Topics;
import dev.relay.contracts.WorkerHeartbeat;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Tests whose workers join over the real Kafka: a plain producer sends heartbeats on relay.workers as workers do. */
abstract class HeartbeatingWorkers {

    // Generous: the first await includes this replica's consumer-group join on a possibly busy broker.
    static final Duration PATIENCE = Duration.ofSeconds(120);

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private KafkaProducer<String, String> producer;
    /** One thread: heartbeats leave one at a time, in order. */
    private ScheduledExecutorService beats;
    private final Map<String, ScheduledFuture<?>> beating = new ConcurrentHashMap<>();

    @BeforeEach
    void connect() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer = new KafkaProducer<>(props);
        beats = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void close() {
        beats.shutdownNow();
        producer.close(Duration.ofSeconds(5));
    }

    private static WorkerHeartbeat heartbeat(String id, String model, WorkerHeartbeat.State state) {
        return new WorkerHeartbeat(id, WorkerSignalsTest.baseUrl("fake-metrics"), "vllm", "direct", List.of(model), 32,
                "eu-test", "standard", Map.of("gpu", "test"), state, Instant.now());
    }

    /** The router's entry for the worker. */
    static ValidatableResponse worker(String id) {
        return given().when().get("/internal/workers/" + id).then();
    }

    /** Beats every 300 ms, as a worker does, until the router lists it (its consumer starts at the latest offset). */
    void beatUntilRegistered(String id, String model) {
        beating.put(id, beats.scheduleAtFixedRate(() -> send(heartbeat(id, model, WorkerHeartbeat.State.UP)),
                0, 300, TimeUnit.MILLISECONDS));
        await().atMost(PATIENCE).untilAsserted(() -> worker(id).statusCode(200).body("lifecycle", equalTo("active")));
    }

    /** The worker falls silent: returns once its last heartbeat is sent. */
    void stopBeating(String id) {
        beating.remove(id).cancel(false);
        try {
            beats.submit(() -> { }).get(10, TimeUnit.SECONDS); // runs after a heartbeat under way
        } catch (Exception e) {
            throw new IllegalStateException("the heartbeats did not stop", e);
        }
    }

    /** The worker stops as on a clean stop: its heartbeats end with LEAVING. */
    void leave(String id, String model) {
        stopBeating(id);
        send(heartbeat(id, model, WorkerHeartbeat.State.LEAVING));
    }

    private void send(WorkerHeartbeat hb) {
        try {
            producer.send(new ProducerRecord<>(Topics.WORKERS, hb.workerId(), json.writeValueAsString(hb)))
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not send a heartbeat", e);
        }
    }
}
