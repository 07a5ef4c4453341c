package dev.relay.gateway;

import static io.restassured.RestAssured.given;

import dev.relay.gateway.fleet.Eventually;
import dev.relay.gateway.fleet.FakeFleet;
import dev.relay.gateway.fleet.Fleet;
import dev.relay.gateway.fleet.Fleet.TestKey;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(TracingTest.TracingOn.class)
@WithTestResource(FakeFleet.class)
class TracingTest {

    /** Tracing is off unless an operator turns it on (RELAY_OTEL_DISABLED=false); this test turns it on. */
    public static class TracingOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "false", "quarkus.otel.bsp.schedule.delay", "50ms");
        }
    }

    @Inject
    RedisDataSource redis;

    @Inject
    InMemorySpanExporter spans;

    @Test
    void theRequestsSpanCarriesItsRequestId() {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        String requestId = "req-" + UUID.randomUUID();
        given().header("X-API-Key", key.secret()).header("x-request-id", requestId).contentType("application/json")
                .body("{\"model\":\"test-ok\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .when().post("/v1/chat/completions").then().statusCode(200);

        Eventually.until(() -> spans.getFinishedSpanItems().stream()
                .anyMatch(span -> requestId.equals(span.getAttributes().get(AttributeKey.stringKey("relay.request_id")))),
                Duration.ofSeconds(10), "an exported span carrying the request id");
    }
}
