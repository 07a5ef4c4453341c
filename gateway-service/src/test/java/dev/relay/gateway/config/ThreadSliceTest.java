package dev.relay.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ThreadSliceTest {

    @BeforeEach
    void onAKernelWithCustomSlices() {
        assumeTrue(KernelSlices.customSlicesSupported(), "Linux 6.12+ only");
    }

    @Test
    void aThreadThatAsksForAShortSliceRunsWithIt() {
        long[] seen = onNewThread(() -> {
            ThreadSlice.Outcome outcome = ThreadSlice.request(Duration.ofNanos(100_000));
            return new long[] {outcome.applied() ? 1 : 0, KernelSlices.callingThreadSlice()};
        });

        assertEquals(1, seen[0]);
        assertEquals(100_000, seen[1]);
    }

    @Test
    void theSliceIsTheAskingThreadsOwn() {
        onNewThread(() -> ThreadSlice.request(Duration.ofNanos(100_000)));

        long otherThread = onNewThread(KernelSlices::callingThreadSlice);
        assertNotEquals(100_000, otherThread);
        assertEquals(otherThread, KernelSlices.callingThreadSlice());
    }

    @Test
    void aSliceBelowTheKernelsLeastIsRaisedToItAndSaidSo() {
        ThreadSlice.Outcome outcome = onNewThread(() -> ThreadSlice.request(Duration.ofNanos(20_000)));

        assertFalse(outcome.applied());
        assertEquals(100_000, outcome.sliceNanos());
        assertTrue(outcome.detail().contains("100 µs"), outcome.detail());
    }

    private static <T> T onNewThread(Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> result.complete(work.get()));
        thread.start();
        return result.join();
    }
}
