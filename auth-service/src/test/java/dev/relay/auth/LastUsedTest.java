package dev.relay.auth;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.auth.support.Eventually;
import dev.relay.auth.support.Operator;
import dev.relay.contracts.Topics;
import dev.relay.contracts.UsageEvent;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LastUsedTest {

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void usageEventSetsLastUsedAt() throws Exception {
        String account = Operator.createAccount("basic");
        String keyId = Operator.createKey(account, "{\"name\":\"ci\"}").getString("id");
        Instant used = Instant.now().minus(3, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);

        publishUsage(account, keyId, used);

        assertEquals(used.toString(), Eventually.find(() -> lastUsedAt(account), "last_used_at of " + keyId));
    }

    @Test
    void olderUsageEventDoesNotMoveLastUsedAtBack() throws Exception {
        String account = Operator.createAccount("basic");
        String keyId = Operator.createKey(account, "{\"name\":\"ci\"}").getString("id");
        Instant newer = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        Instant older = newer.minus(10, ChronoUnit.MINUTES);
        publishUsage(account, keyId, newer);
        Eventually.find(() -> lastUsedAt(account).filter(newer.toString()::equals), "newer last_used_at");

        publishUsage(account, keyId, older);
        // A marker event on a second key of the same account: once it is written, the older event was handled too
        // (same partition, key = account id, consumed in order).
        String marker = Operator.createKey(account, "{\"name\":\"marker\"}").getString("id");
        publishUsage(account, marker, newer);
        Eventually.find(() -> lastUsedAt(account, marker), "marker last_used_at");

        assertEquals(newer.toString(), lastUsedAt(account, keyId).orElseThrow());
    }

    private void publishUsage(String account, String keyId, Instant at) throws Exception {
        UsageEvent event = new UsageEvent(UUID.randomUUID().toString(), "req-" + UUID.randomUUID(), account, keyId,
                "m", "direct", "w", 10, 20, null, 0, "completed", at, null, null, 0, 0);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(Topics.USAGE, account, json.writeValueAsString(event))).get();
        }
    }

    private static Optional<String> lastUsedAt(String account) {
        return Optional.ofNullable(given().when().get("/internal/accounts/" + account + "/keys")
                .then().statusCode(200).extract().path("keys[0].last_used_at"));
    }

    private static Optional<String> lastUsedAt(String account, String keyId) {
        return Optional.ofNullable(given().when().get("/internal/accounts/" + account + "/keys")
                .then().statusCode(200).extract().path("keys.find { it.id == '" + keyId + "' }.last_used_at"));
    }
}
