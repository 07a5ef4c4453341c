package dev.relay.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
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
            ThreadSlice.Outcome outcome = ThreadSlice.request(Duration.ofNanos(300_000));
            return new long[] {outcome.applied() ? 1 : 0, KernelSlices.callingThreadSlice()};
        });

        assertEquals(1, seen[0]);
        assertEquals(300_000, seen[1]);
    }

    @Test
    void theSliceIsTheAskingThreadsOwn() {
        onNewThread(() -> ThreadSlice.request(Duration.ofNanos(300_000)));

        assertNotEquals(300_000, onNewThread(KernelSlices::callingThreadSlice));
        assertNotEquals(300_000, KernelSlices.callingThreadSlice());
    }

    @Test
    void aSliceBelowTheKernelsLeastIsRaisedToItAndSaidSo() {
        ThreadSlice.Outcome outcome = onNewThread(() -> ThreadSlice.request(Duration.ofNanos(20_000)));

        assertFalse(outcome.applied());
        assertEquals(100_000, outcome.sliceNanos());
        assertTrue(outcome.detail().contains("100 µs"), outcome.detail());
    }

    @Test
    void anotherThreadsSliceCanBeSetByItsId() throws Exception {
        CompletableFuture<Long> tid = new CompletableFuture<>();
        CountDownLatch set = new CountDownLatch(1);
        CompletableFuture<Long> seen = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            tid.complete(KernelSlices.callingThreadId());
            try {
                set.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            seen.complete(KernelSlices.callingThreadSlice());
        });
        thread.start();

        ThreadSlice.Outcome outcome = ThreadSlice.request(tid.get(), Duration.ofNanos(300_000));
        set.countDown();

        assertTrue(outcome.applied(), outcome.detail());
        assertEquals(300_000L, seen.get());
    }

    @Test
    void aThreadsSliceIsReadAsTheKernelReportsIt() {
        long[] seen = onNewThread(() -> {
            long before = ThreadSlice.sliceOf(KernelSlices.callingThreadId());
            ThreadSlice.request(Duration.ofNanos(200_000));
            return new long[] {before, ThreadSlice.sliceOf(KernelSlices.callingThreadId()),
                    KernelSlices.callingThreadSlice()};
        });

        assertNotEquals(200_000L, seen[0]);
        assertEquals(200_000L, seen[1]);
        assertEquals(seen[2], seen[1]);
    }

    @Test
    void aThreadThatHasEndedHasNoSliceToRead() throws Exception {
        CompletableFuture<Long> tid = new CompletableFuture<>();
        Thread thread = new Thread(() -> tid.complete(KernelSlices.callingThreadId()));
        thread.start();
        thread.join();
        Path task = Path.of("/proc/self/task/" + tid.get());
        for (int i = 0; i < 100 && Files.exists(task); i++) { // join() returns before the kernel's thread is gone
            Thread.sleep(10);
        }

        assertEquals(-1, ThreadSlice.sliceOf(tid.get()));
    }

    private static <T> T onNewThread(Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> result.complete(work.get()));
        thread.start();
        return result.join();
    }
}
