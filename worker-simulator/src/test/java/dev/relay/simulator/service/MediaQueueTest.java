package dev.relay.simulator.service;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MediaQueueTest {

    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void jobsBeyondTheSlotsWaitAndAreCountedPerModel() {
        MediaQueue queue = new MediaQueue(vertx, 2, 3.6e12, System::nanoTime);
        for (int i = 0; i < 3; i++) {
            queue.submit("flux", 1, null, () -> { });
        }
        queue.submit("qwen-image", 1, null, () -> { });

        assertEquals(Map.of("flux", new MediaQueue.Load(2, 1), "qwen-image", new MediaQueue.Load(0, 1)), queue.load());
    }

    @Test
    void cancellingARunningJobHandsItsSlotToTheNextInLine() {
        MediaQueue queue = new MediaQueue(vertx, 1, 3.6e12, System::nanoTime);
        MediaQueue.Job first = queue.submit("flux", 1, null, () -> { });
        MediaQueue.Job second = queue.submit("flux", 1, null, () -> { });

        queue.cancel(first);

        assertEquals(MediaQueue.State.CANCELLED, first.state());
        assertEquals(MediaQueue.State.RUNNING, second.state());
        assertEquals(new MediaQueue.Load(1, 0), queue.load().get("flux"));
    }

    @Test
    void finishedJobCallsBackOnceAndFreesItsSlot() {
        MediaQueue queue = new MediaQueue(vertx, 1, 1_000, System::nanoTime);
        AtomicInteger calls = new AtomicInteger();

        queue.submit("flux", 1, vertx.getOrCreateContext(), calls::incrementAndGet);

        await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 1);
        assertEquals(new MediaQueue.Load(0, 0), queue.load().get("flux"));
    }
}
