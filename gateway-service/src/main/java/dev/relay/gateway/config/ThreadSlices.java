package dev.relay.gateway.config;

import io.netty.util.concurrent.EventExecutor;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Gives the gateway's threads the short scheduling slice of {@code relay.gateway.thread-slice-micros}. The event
 * loops ask at startup, each on itself, before they serve: the request path runs on them and each request wakes one
 * several times (its arrival, Redis's answer, the worker's head and body). The process's other threads (the JVM's
 * compiler and collector, Kafka's client, the worker pools, started as they are needed) are given it by a scan of
 * {@code /proc/self/task} every {@code relay.gateway.thread-slice-scan}: on a short slice they also give up a core
 * sooner to whatever was woken, where on the kernel's default they hold it for up to 1.4 ms. A thread that chose
 * a slice of its own is left with it.
 */
@ApplicationScoped
public class ThreadSlices {

    private static final Logger LOG = Logger.getLogger(ThreadSlices.class);
    private static final Path THREADS = Path.of("/proc/self/task");

    private volatile Thread scanner;

    void apply(@Observes StartupEvent event, Vertx vertx, GatewayConfig config) {
        if (config.threadSliceMicros() <= 0) {
            return;
        }
        Duration slice = Duration.ofNanos(config.threadSliceMicros() * 1_000L);
        for (EventExecutor loop : vertx.nettyEventLoopGroup()) {
            loop.execute(() -> {
                ThreadSlice.Outcome outcome = ThreadSlice.request(slice);
                if (outcome.applied()) {
                    LOG.infof("%s runs with a %d µs scheduling slice", Thread.currentThread().getName(),
                            outcome.sliceNanos() / 1_000);
                } else {
                    LOG.infof("%s keeps the kernel's scheduling slice: %s", Thread.currentThread().getName(),
                            outcome.detail());
                }
            });
        }
        Thread thread = Thread.ofPlatform().name("relay-thread-slices").daemon()
                .unstarted(() -> scanEvery(slice, config.threadSliceScan()));
        scanner = thread;
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        Thread thread = scanner;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private static void scanEvery(Duration slice, Duration period) {
        long kernels = ThreadSlice.sliceOf(0); // what a new thread runs with; any other slice was a thread's choice
        ThreadSlice.Outcome own = ThreadSlice.request(slice);
        if (!own.applied()) { // the event loops log the same reason; nothing else would get it either
            return;
        }
        LOG.infof("%d of the gateway's threads given a %d µs scheduling slice; threads started later get it "
                + "within %s", scan(kernels, slice) + 1, slice.toNanos() / 1_000, period);
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(period);
                int given = scan(kernels, slice);
                if (given > 0) {
                    LOG.debugf("%d threads started since the last scan given the scheduling slice", given);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Asks for the slice for every thread of the process that runs with the kernel's; how many were given it. A
     * thread that chose a slice of its own keeps it.
     */
    private static int scan(long kernels, Duration slice) {
        int given = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(THREADS)) {
            for (Path thread : threads) {
                long tid = Long.parseLong(thread.getFileName().toString());
                // A thread that ended since the listing, or one left as it is (real-time), is tried again next time.
                if (ThreadSlice.sliceOf(tid) == kernels && ThreadSlice.request(tid, slice).applied()) {
                    given++;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf("could not list the gateway's threads: %s", e);
        }
        return given;
    }
}
