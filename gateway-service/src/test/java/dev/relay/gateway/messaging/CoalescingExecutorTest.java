package dev.relay.gateway.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CoalescingExecutorTest {

    @Test
    void runsTasksInTheOrderTheyWereSubmitted() {
        CoalescingExecutor executor = new CoalescingExecutor("test", Duration.ofMillis(10));
        List<Integer> ran = new ArrayList<>();
        IntStream.range(0, 10_000).forEach(i -> executor.execute(() -> ran.add(i)));
        executor.close(Duration.ofSeconds(10));
        assertEquals(IntStream.range(0, 10_000).boxed().toList(), ran);
    }

    @Test
    void aTaskSubmittedToAnIdleExecutorRunsWithoutAnotherOneComing() throws InterruptedException {
        CoalescingExecutor executor = new CoalescingExecutor("test", Duration.ofMillis(10));
        for (int round = 0; round < 3; round++) {
            Thread.sleep(50); // long enough for the executor to have parked
            CountDownLatch ran = new CountDownLatch(1);
            executor.execute(ran::countDown);
            assertTrue(ran.await(10, TimeUnit.SECONDS), "round " + round);
        }
        executor.close(Duration.ofSeconds(10));
    }

    @Test
    void tasksFromManyThreadsAllRunOnce() throws InterruptedException {
        CoalescingExecutor executor = new CoalescingExecutor("test", Duration.ofMillis(1));
        ConcurrentHashMap<Integer, Integer> runs = new ConcurrentHashMap<>();
        List<Thread> submitters = IntStream.range(0, 4).mapToObj(t -> new Thread(() -> {
            for (int i = 0; i < 5_000; i++) {
                int id = t * 5_000 + i;
                executor.execute(() -> runs.merge(id, 1, Integer::sum));
            }
        })).toList();
        submitters.forEach(Thread::start);
        for (Thread submitter : submitters) {
            submitter.join();
        }
        executor.close(Duration.ofSeconds(10));
        assertEquals(20_000, runs.size());
        assertTrue(runs.values().stream().allMatch(count -> count == 1));
    }

    @Test
    void aTaskSubmittedAfterCloseStillRuns() {
        CoalescingExecutor executor = new CoalescingExecutor("test", Duration.ofMillis(10));
        executor.close(Duration.ofSeconds(10));
        List<String> ran = new ArrayList<>();
        executor.execute(() -> ran.add("late"));
        assertEquals(List.of("late"), ran);
    }

    @Test
    void aFailingTaskDoesNotStopTheOnesAfterIt() {
        CoalescingExecutor executor = new CoalescingExecutor("test", Duration.ofMillis(10));
        List<String> ran = new ArrayList<>();
        executor.execute(() -> ran.add("before"));
        executor.execute(() -> {
            throw new IllegalStateException("expected by the test");
        });
        executor.execute(() -> ran.add("after"));
        executor.close(Duration.ofSeconds(10));
        assertEquals(List.of("before", "after"), ran);
    }
}
