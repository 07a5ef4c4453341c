package dev.relay.simulator.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.relay.contracts.WorkerHeartbeat;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The LEAVING heartbeat a clean stop publishes carries the same identity as the UP ones. */
@QuarkusTest
@TestProfile(RegistrationProfile.class)
class LeavingTest {

    @Inject
    HeartbeatPublisher publisher;

    /** Read from config: the profile's random id is computed in another class loader. */
    @ConfigProperty(name = "relay.simulator.worker-id")
    String workerId;

    @Test
    void leavingHeartbeatNamesThisWorker() {
        WorkerHeartbeat leaving = publisher.heartbeat(WorkerHeartbeat.State.LEAVING);

        assertEquals(WorkerHeartbeat.State.LEAVING, leaving.state());
        assertEquals(workerId, leaving.workerId());
    }
}
