package dev.relay.simulator.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.contracts.Topics;
import dev.relay.contracts.WorkerHeartbeat;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Heartbeats read back from the real test Kafka with a plain consumer, as the router would see them. */
@QuarkusTest
@TestProfile(RegistrationProfile.class)
class RegistrationTest {

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    /** Read from config: the profile's random id is computed in another class loader. */
    @ConfigProperty(name = "relay.simulator.worker-id")
    String workerId;

    private List<WorkerHeartbeat> heartbeatsOfThisWorker(int atLeast) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "sim-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<WorkerHeartbeat> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(Topics.WORKERS));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (workerId.equals(record.key())) {
                        found.add(json.readValue(record.value(), WorkerHeartbeat.class));
                    }
                }
                return found.size() >= atLeast;
            });
        }
        return found;
    }

    @Test
    void heartbeatAnnouncesTheWorkerKeyedByItsId() throws Exception {
        WorkerHeartbeat heartbeat = heartbeatsOfThisWorker(1).get(0);

        assertEquals(workerId, heartbeat.workerId());
        assertEquals(WorkerHeartbeat.State.UP, heartbeat.state());
        assertEquals("ollama", heartbeat.protocol());
        assertEquals("direct", heartbeat.mode());
        assertEquals(List.of("gpt-oss:20b", "gpt-oss:120b"), heartbeat.models());
        assertEquals("eu-test", heartbeat.region());
        assertEquals(Map.of("gpu", "L40S"), heartbeat.labels());
        assertEquals("http://127.0.0.1:" + RestAssured.port, heartbeat.baseUrl());
        assertNotNull(heartbeat.occurredAt());
    }

    @Test
    void heartbeatRepeatsEveryInterval() throws Exception {
        List<WorkerHeartbeat> heartbeats = heartbeatsOfThisWorker(3);

        assertEquals(3, heartbeats.stream().limit(3).filter(h -> h.state() == WorkerHeartbeat.State.UP).count());
    }

    @Test
    void advertisedBaseUrlServesTheAdvertisedModels() throws Exception {
        WorkerHeartbeat heartbeat = heartbeatsOfThisWorker(1).get(0);

        RestAssured.given().baseUri(heartbeat.baseUrl()).contentType("application/json")
                .body("{\"model\":\"gpt-oss:20b\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/api/chat").then().statusCode(200);
    }
}
