package dev.relay.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@code x-relay-overhead-ms}'s arithmetic, on a clock the test moves: the request starts at 0. */
class RequestTimingTest {

    private long nowNanos;
    private final RequestTiming timing = new RequestTiming(() -> nowNanos);

    private RequestTiming at(double millis) {
        nowNanos = Math.round(millis * 1_000_000);
        return timing;
    }

    @Test
    void theWorkersTimeIsLeftOutOfTheGatewaysOwn() {
        at(10).workerStarted();
        at(1010).workerStopped();

        assertEquals("20.000", at(1020).overheadMs());
    }

    @Test
    void aWorkerStillAtWorkWhenTheOverheadIsReadIsLeftOutUpToThen() {
        at(10).workerStarted();

        assertEquals("10.000", at(1010).overheadMs());
    }

    @Test
    void everySpellAtAWorkerIsLeftOut() {
        at(10).workerStarted();
        at(110).workerStopped();
        at(200).workerStarted();
        at(700).workerStopped();

        assertEquals("200.000", at(800).overheadMs());
    }

    @Test
    void aWorkersTimeThatWasNotForTheClientIsAllTheGatewaysOwn() {
        at(10).workerStarted();
        at(510).workerNotForClient();

        assertEquals("520.000", at(520).overheadMs());
    }

    @Test
    void theOverheadIsMillisecondsToTheMicrosecond() {
        assertEquals("0.412", at(0.412_999).overheadMs());
        assertEquals("1234.005", at(1234.005).overheadMs());
    }
}
