package dev.relay.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class UnsettledRequestsTest {

    @Test
    void noneRunningIsNoWait() throws Exception {
        assertTrue(new UnsettledRequests().awaitNone(Duration.ZERO));
    }

    @Test
    void aRequestStillRunningWhenTheWaitEndsIsReported() throws Exception {
        UnsettledRequests requests = new UnsettledRequests();
        requests.started();

        assertFalse(requests.awaitNone(Duration.ofMillis(20)));
        assertEquals(1, requests.count());
    }

    @Test
    void theWaitEndsWhenTheLastRunningRequestSettles() throws Exception {
        UnsettledRequests requests = new UnsettledRequests();
        requests.started();
        requests.started();
        Thread worker = new Thread(() -> {
            requests.settled();
            requests.settled();
        });
        worker.start();

        assertTrue(requests.awaitNone(Duration.ofMinutes(1)));
        assertEquals(0, requests.count());
        worker.join();
    }
}
