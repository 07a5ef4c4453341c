package dev.relay.gateway;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.contracts.KeyEvent;
import dev.relay.contracts.Topics;
import dev.relay.gateway.fleet.Eventually;
import dev.relay.gateway.fleet.FakeFleet;
import dev.relay.gateway.fleet.Fleet;
import dev.relay.gateway.fleet.Fleet.TestKey;
import dev.relay.gateway.messaging.KeyEventListener;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(FakeFleet.class)
class KeyRevocationTest {

    static final String BODY = "{\"model\":\"test-ok\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Inject
    RedisDataSource redis;

    @Inject
    KeyEventListener listener;

    @Inject
    ObjectMapper json;

    static int status(TestKey key) {
        return given().header("X-API-Key", key.secret()).contentType("application/json").body(BODY)
                .when().post("/v1/chat/completions").statusCode();
    }

    @Test
    void revokedKeyIsRejectedOnceItsKeyEventArrivesDespiteTheCache() throws Exception {
        Eventually.until(listener::assigned, Duration.ofSeconds(60), "the relay.keys consumer to be assigned");
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        Eventually.until(() -> status(key) == 200, Duration.ofSeconds(10), "the key to be cached");

        // auth-service forgets the key, but the gateway's cache (10 min TTL in tests) still knows it...
        Fleet.forget(key);
        // ...until the revocation event names its hash.
        KeyEvent revoked = new KeyEvent(UUID.randomUUID().toString(), KeyEvent.Type.REVOKED, key.keyId(),
                Fleet.sha256(key.secret()), key.accountId(), Instant.now());
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:19092");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(Topics.KEYS, key.keyId(), json.writeValueAsString(revoked))).get();
        }

        Eventually.until(() -> status(key) == 401, Duration.ofSeconds(10), "the revoked key to be refused");
    }
}
