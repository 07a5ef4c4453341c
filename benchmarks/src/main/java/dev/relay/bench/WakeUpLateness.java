package dev.relay.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * How late a thread that sleeps for 1 ms wakes up on this machine, as it is at that moment (other processes
 * included). Every hop of a request (client, gateway, Redis, router, worker) waits for such a wake-up, so this is the
 * floor under any latency percentile measured here: a machine whose p99 lateness is already 1 ms cannot show a p99
 * added latency of 2 ms over several hops.
 */
final class WakeUpLateness {

    private WakeUpLateness() {
    }

    static Histogram measure(Duration duration) throws InterruptedException {
        Histogram lateMicros = new Histogram(3);
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            long before = System.nanoTime();
            TimeUnit.MILLISECONDS.sleep(1);
            lateMicros.recordValue(Math.max(0, (System.nanoTime() - before) / 1_000 - 1_000));
        }
        return lateMicros;
    }
}
