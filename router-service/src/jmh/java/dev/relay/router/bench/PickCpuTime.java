package dev.relay.router.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * Companion to {@link PickLatencyBenchmark} for a shared, busy machine: the same picks, timed by this thread's
 * CPU time (CLOCK_THREAD_CPUTIME_ID), so time spent descheduled by other processes is not counted. Prints
 * p50/p99/p99.9 per strategy. Usage: {@code PickCpuTime [workers] [picks] [candidates]}.
 */
public final class PickCpuTime {

    private PickCpuTime() {
    }

    public static void main(String[] args) {
        int workers = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int picks = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        int candidates = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (String strategy : new String[] {"cache-aware", "least-loaded", "round-robin"}) {
            PickLatencyBenchmark bench = new PickLatencyBenchmark();
            bench.workers = workers;
            bench.strategy = strategy;
            bench.candidates = candidates;
            bench.record = "inline"; // CPU time of this thread: count the recording too
            bench.setUp();
            for (int i = 0; i < picks; i++) { // warm-up: JIT
                bench.pick();
            }
            long[] nanos = new long[picks];
            for (int i = 0; i < picks; i++) {
                long start = threads.getCurrentThreadCpuTime();
                bench.pick();
                nanos[i] = threads.getCurrentThreadCpuTime() - start;
            }
            Arrays.sort(nanos);
            System.out.printf("%-13s workers=%d candidates=%d picks=%d cpu us: p50=%.1f p99=%.1f p99.9=%.1f%n", strategy,
                    workers, candidates, picks,
                    nanos[picks / 2] / 1e3, nanos[(int) (picks * 0.99)] / 1e3, nanos[(int) (picks * 0.999)] / 1e3);
        }
    }
}
