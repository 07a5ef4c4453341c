package dev.relay.router.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.contracts.Topics;
import dev.relay.contracts.WorkerHeartbeat;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Dynamic registration over the real Kafka: a plain producer plays the worker, sending heartbeats like one. */
@QuarkusTest
@QuarkusTestResource(FakeWorkers.class)
class HeartbeatTest {

    // Generous: the first await includes this replica's consumer-group join on a possibly busy broker.
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private KafkaProducer<String, String> producer;
    private ScheduledExecutorService beats;

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

    private WorkerHeartbeat heartbeat(String id, String model, WorkerHeartbeat.State state) {
        return new WorkerHeartbeat(id, WorkerSignalsTest.baseUrl("fake-metrics"), "vllm", "direct", List.of(model), 32,
                "eu-test", "standard", Map.of("gpu", "test"), state, Instant.now());
    }

    private void send(WorkerHeartbeat hb) {
        try {
            producer.send(new ProducerRecord<>(Topics.WORKERS, hb.workerId(), json.writeValueAsString(hb))).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not send a heartbeat", e);
        }
    }

    /** Beats every 300 ms, as a worker does, until the router lists it (its consumer starts at the latest offset). */
    private void beatUntilRegistered(String id, String model) {
        beats.scheduleAtFixedRate(() -> send(heartbeat(id, model, WorkerHeartbeat.State.UP)), 0, 300, TimeUnit.MILLISECONDS);
        await().atMost(PATIENCE).untilAsserted(() ->
                given().when().get("/internal/workers/" + id).then().statusCode(200).body("lifecycle", equalTo("active")));
    }

    @Test
    void heartbeatRegistersAWorkerThatCanBeRoutedTo() {
        String id = "hb-" + UUID.randomUUID();
        String model = "test/hb-" + UUID.randomUUID();

        beatUntilRegistered(id, model);

        given().when().get("/internal/workers/" + id).then()
                .body("origin", equalTo("HEARTBEAT"))
                .body("models", contains(model))
                .body("capacity", equalTo(32))
                .body("region", equalTo("eu-test"))
                .body("labels.gpu", equalTo("test"));
        RoutingTest.route(model, "auto").statusCode(200).body("candidates.workerId", contains(id));
    }

    @Test
    void workerThatMissesHeartbeatsIsDrainedThenRemoved() {
        String id = "hb-" + UUID.randomUUID();
        String model = "test/hb-" + UUID.randomUUID();
        beatUntilRegistered(id, model);

        beats.shutdownNow();

        await().atMost(PATIENCE).untilAsserted(() ->
                given().when().get("/internal/workers/" + id).then().statusCode(200).body("lifecycle", equalTo("draining")));
        RoutingTest.route(model, "auto").statusCode(503);
        await().atMost(PATIENCE).untilAsserted(() ->
                given().when().get("/internal/workers/" + id).then().statusCode(404));
        RoutingTest.route(model, "auto").statusCode(404);
    }

    @Test
    void leavingWorkerDrainsAtOnceAndGoesWhenItsRequestsFinish() throws Exception {
        String id = "hb-" + UUID.randomUUID();
        String model = "test/hb-" + UUID.randomUUID();
        beatUntilRegistered(id, model);
        beats.shutdownNow();
        beats.awaitTermination(5, TimeUnit.SECONDS);
        given().when().post("/internal/workers/" + id + "/started").then().statusCode(204);

        send(heartbeat(id, model, WorkerHeartbeat.State.LEAVING));

        await().atMost(PATIENCE).untilAsserted(() ->
                given().when().get("/internal/workers/" + id).then().statusCode(200).body("lifecycle", equalTo("draining")));
        RoutingTest.route(model, "auto").statusCode(503);

        given().when().post("/internal/workers/" + id + "/finished").then().statusCode(204);
        await().atMost(PATIENCE).untilAsserted(() ->
                given().when().get("/internal/workers/" + id).then().statusCode(404));
    }
}
