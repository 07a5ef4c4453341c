package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.relay.gateway.config.KernelSlices;
import dev.relay.gateway.fleet.FakeFleet;
import io.netty.util.concurrent.EventExecutor;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * The gateway's threads run with a short scheduling slice: a woken event loop is run at once, and the others give up
 * their core sooner to whatever was woken.
 */
@QuarkusTest
@WithTestResource(FakeFleet.class)
class ThreadSlicesTest {

    @Inject
    Vertx vertx;

    @Test
    void everyEventLoopRunsWithTheConfiguredSlice() throws Exception {
        assumeTrue(KernelSlices.customSlicesSupported(), "Linux 6.12+ only");
        List<Long> slices = new ArrayList<>();
        for (EventExecutor loop : vertx.nettyEventLoopGroup()) {
            slices.add(loop.submit(KernelSlices::callingThreadSlice).get());
        }

        assertFalse(slices.isEmpty());
        slices.forEach(slice -> assertEquals(100_000L, slice));
    }

    @Test
    void theJvmsOwnThreadsRunWithTheSlice() throws Exception {
        assumeTrue(KernelSlices.customSlicesSupported(), "Linux 6.12+ only");
        List<Long> vmThreads = KernelSlices.threadsNamed("VM Thread");
        assertFalse(vmThreads.isEmpty());

        for (long tid : vmThreads) {
            assertEquals(100_000L, sliceWithinScans(() -> KernelSlices.threadSlice(tid)));
        }
    }

    @Test
    void aThreadStartedAfterStartupIsGivenTheSliceAtTheNextScan() throws Exception {
        assumeTrue(KernelSlices.customSlicesSupported(), "Linux 6.12+ only");
        CompletableFuture<Long> seen = new CompletableFuture<>();
        Thread late = new Thread(() -> {
            try {
                seen.complete(sliceWithinScans(KernelSlices::callingThreadSlice));
            } catch (InterruptedException e) {
                seen.completeExceptionally(e);
            }
        });
        late.start();

        assertEquals(100_000L, seen.get(10, TimeUnit.SECONDS));
    }

    /** The slice once it is 100 µs, or as it is after 5 s: the test profile scans every 200 ms. */
    private static long sliceWithinScans(LongSupplier slice) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long seen = slice.getAsLong();
        while (seen != 100_000L && System.nanoTime() < deadline) {
            Thread.sleep(50);
            seen = slice.getAsLong();
        }
        return seen;
    }
}
