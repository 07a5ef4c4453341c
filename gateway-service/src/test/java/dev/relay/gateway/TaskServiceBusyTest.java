package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.relay.gateway.client.PeerBusy;
import dev.relay.gateway.client.TaskClient;
import dev.relay.gateway.fleet.FakeFleet;
import dev.relay.gateway.fleet.Fleet;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * task-service too busy sending media to send more (503 with {@code Retry-After}, past its max-downloads) is a peer
 * saying when to ask again, not a peer failing: its refusals do not open the circuit breaker of the media reads.
 */
@QuarkusTest
@WithTestResource(FakeFleet.class)
class TaskServiceBusyTest {

    /** Twice the calls the breaker judges over (20): all of them failures would open it. */
    private static final int REFUSALS = 40;

    @Inject
    TaskClient tasks;

    @Test
    void mediaReadsRefusedAsBusyLeaveTheBreakerClosedForTheNextRead() {
        String account = "acct-" + UUID.randomUUID();
        String taskId = "direct:" + UUID.randomUUID();
        byte[] audio = Fleet.madeSpeech(1);
        Fleet.mediaStored(account, taskId, "input", "audio/wav", audio);
        Fleet.mediaReadsRefusedAsBusy(taskId, "input", REFUSALS);
        for (int i = 0; i < REFUSALS; i++) {
            assertThrows(PeerBusy.class, () -> tasks.readWholeMedia(account, taskId, "input").await()
                    .atMost(Duration.ofSeconds(10)));
        }

        byte[] read = tasks.readWholeMedia(account, taskId, "input").await().atMost(Duration.ofSeconds(10))
                .orElseThrow().bytes();

        assertArrayEquals(audio, read);
    }
}
