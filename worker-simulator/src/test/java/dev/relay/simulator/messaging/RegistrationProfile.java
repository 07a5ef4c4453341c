package dev.relay.simulator.messaging;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.UUID;

/** Registration on, against the test Kafka, under a worker id no other run uses. */
public class RegistrationProfile implements QuarkusTestProfile {

    static final String WORKER_ID = "sim-registration-" + UUID.randomUUID();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "relay.simulator.register", "true",
                "relay.simulator.worker-id", WORKER_ID,
                "relay.simulator.protocol", "ollama",
                "relay.simulator.models", "gpt-oss:20b,gpt-oss:120b",
                "relay.simulator.region", "eu-test",
                "relay.simulator.labels.gpu", "L40S",
                "relay.simulator.heartbeat-interval", "300ms");
    }
}
