package dev.relay.simulator.messaging;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Registration off and Kafka pointing nowhere: the simulator must not need a broker. */
public class StandaloneProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("relay.simulator.register", "false", "kafka.bootstrap.servers", "127.0.0.1:1");
    }
}
