package dev.relay.simulator.service;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The video store on a real Vert.x timer, with the clock that decides expiry under the test's control. */
class VideoJobsTest {

    /** A simulated GPU second lasts a microsecond: every job finishes at once. */
    private static final double INSTANT = 1_000;
    /** A simulated GPU second lasts an hour: no job finishes during a test. */
    private static final double NEVER = 3.6e12;

    private static Vertx vertx;
    private final AtomicLong clock = new AtomicLong();

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private VideoJobs jobs(int slots, double wallNanosPerGpuSecond, int maxVideos) {
        return new VideoJobs(new MediaQueue(vertx, slots, wallNanosPerGpuSecond, clock::get), Duration.ofHours(1),
                maxVideos, () -> 1_700_000_000_000L);
    }

    private static String create(VideoJobs jobs) {
        return jobs.create("wan-25", "a red fox", 4, "1280x720", -1).video().id();
    }

    private static void awaitCompleted(VideoJobs jobs, String id) {
        await().atMost(Duration.ofSeconds(10)).until(() -> jobs.get(id).status() == VideoJobs.Status.COMPLETED);
    }

    @Test
    void finishedVideoIsKeptForTheRetentionThenForgotten() {
        VideoJobs jobs = jobs(4, INSTANT, 10);
        String id = create(jobs);
        awaitCompleted(jobs, id);

        clock.addAndGet(Duration.ofMinutes(59).toNanos());
        assertEquals(VideoJobs.Status.COMPLETED, jobs.get(id).status());
        clock.addAndGet(Duration.ofMinutes(2).toNanos());
        assertEquals(404, assertThrows(MediaRejected.class, () -> jobs.get(id)).status());
    }

    @Test
    void atTheCapANewVideoEvictsTheOldestFinishedOne() {
        VideoJobs jobs = jobs(4, INSTANT, 2);
        String first = create(jobs);
        String second = create(jobs);
        awaitCompleted(jobs, first);
        awaitCompleted(jobs, second);

        create(jobs);

        assertThrows(MediaRejected.class, () -> jobs.get(first));
        assertEquals(VideoJobs.Status.COMPLETED, jobs.get(second).status());
    }

    @Test
    void atTheCapWithNothingFinishedANewVideoIsRefusedWith429() {
        VideoJobs jobs = jobs(4, NEVER, 2);
        create(jobs);
        create(jobs);

        assertEquals(429, assertThrows(MediaRejected.class, () -> create(jobs)).status());
    }

    @Test
    void videoWaitsQueuedWhileTheGpuIsBusyAndStartsWhenTheOtherIsDeleted() {
        VideoJobs jobs = jobs(1, NEVER, 10);
        String first = create(jobs);
        String second = create(jobs);

        assertEquals(VideoJobs.Status.IN_PROGRESS, jobs.get(first).status());
        assertEquals(VideoJobs.Status.QUEUED, jobs.get(second).status());
        jobs.delete(first);
        assertEquals(VideoJobs.Status.IN_PROGRESS, jobs.get(second).status());
    }

    @Test
    void progressIsTheShareOfItsGpuTimeSpent() {
        VideoJobs jobs = jobs(1, 1e9, 10); // a GPU second is a second: 4 s of video take 6 s
        String id = create(jobs);

        clock.addAndGet(Duration.ofSeconds(3).toNanos());

        assertEquals(50, jobs.get(id).progress());
    }

    @Test
    void videoMeantToFailFailsAtItsPercentage() {
        VideoJobs jobs = jobs(4, INSTANT, 10);
        String id = jobs.create("wan-25", "a red fox", 4, "1280x720", 30).video().id();

        await().atMost(Duration.ofSeconds(10)).until(() -> jobs.get(id).status() == VideoJobs.Status.FAILED);
        assertEquals(30, jobs.get(id).progress());
    }
}
