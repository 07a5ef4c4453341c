package dev.relay.bench;

import dev.relay.gateway.config.ThreadSlice;
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

    /**
     * {@code java ... WakeUpLateness [seconds=10] [slice-micros]}: one line, the lateness percentiles in ms. With a
     * slice, the sleeping thread first asks for it as the gateway's event loops do ({@link ThreadSlice}).
     */
    public static void main(String[] args) throws InterruptedException {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 10;
        String slice = "";
        if (args.length > 1) {
            ThreadSlice.Outcome outcome = ThreadSlice.request(Duration.ofNanos(Long.parseLong(args[1]) * 1_000));
            slice = outcome.applied() ? String.format(" (on a %d µs slice)", outcome.sliceNanos() / 1_000)
                    : " (kernel's slice: " + outcome.detail() + ")";
        }
        System.out.println(describe(measure(Duration.ofSeconds(seconds))) + slice);
    }

    static String describe(Histogram lateMicros) {
        return String.format("a thread sleeping 1 ms woke up late by p50 %.3f / p99 %.3f / p99.9 %.3f ms",
                lateMicros.getValueAtPercentile(50) / 1000.0, lateMicros.getValueAtPercentile(99) / 1000.0,
                lateMicros.getValueAtPercentile(99.9) / 1000.0);
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
