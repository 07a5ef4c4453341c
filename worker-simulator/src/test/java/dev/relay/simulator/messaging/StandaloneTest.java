package dev.relay.simulator.messaging;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(StandaloneProfile.class)
class StandaloneTest {

    @Test
    void servesWithoutAnyKafkaWhenRegistrationIsOff() {
        given().get("/health").then().statusCode(200);
        given().contentType("application/json")
                .body("{\"model\":\"Qwen/Qwen3-Coder\",\"max_tokens\":2,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/chat/completions").then().statusCode(200);
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("kafka-producer-network-thread") && t.getName().contains("worker-simulator")),
                "no Kafka producer was created");
    }
}
