package dev.relay.simulator.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.relay.contracts.WorkerHeartbeat;
import dev.relay.contracts.WorkerHeartbeat.State;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The LEAVING heartbeat a clean stop publishes carries the same identity as the UP ones. */
@QuarkusTest
@TestProfile(RegistrationProfile.class)
class LeavingTest {

    @Inject
    HeartbeatPublisher publisher;

    @Test
    void leavingHeartbeatCarriesTheIdentityOfTheUpOnes() {
        WorkerHeartbeat up = publisher.heartbeat(State.UP);
        WorkerHeartbeat leaving = publisher.heartbeat(State.LEAVING);

        assertEquals(State.LEAVING, leaving.state());
        assertEquals(identity(up), identity(leaving));
    }

    /** All but state and time: id, base URL, protocol, mode, models, capacity, region, price class, labels. */
    private static WorkerHeartbeat identity(WorkerHeartbeat heartbeat) {
        return new WorkerHeartbeat(heartbeat.workerId(), heartbeat.baseUrl(), heartbeat.protocol(), heartbeat.mode(),
                heartbeat.models(), heartbeat.capacity(), heartbeat.region(), heartbeat.priceClass(), heartbeat.labels(),
                null, null);
    }
}
