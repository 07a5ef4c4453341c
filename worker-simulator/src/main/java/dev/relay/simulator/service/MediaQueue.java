package dev.relay.simulator.service;

import dev.relay.simulator.config.SimulatorConfig;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The media worker's GPU: it works on {@code media-concurrency} jobs at once and queues the rest in arrival order,
 * as a diffusion or speech server does. A job holds its slot for its simulated GPU time (divided by
 * {@code speed-factor}, times {@code time-scale}) on a Vert.x timer, so nothing ever sleeps; its completion is
 * handed to the Vert.x context it was submitted from. Running and waiting jobs per model feed {@code /metrics}.
 */
@ApplicationScoped
public class MediaQueue {

    public enum State { WAITING, RUNNING, FINISHED, CANCELLED }

    /** The current number of jobs of one model on the GPU and in line for it. */
    public record Load(int running, int waiting) {
    }

    /** One unit of GPU work. Its state changes under the queue's lock; reading it needs none. */
    public final class Job {

        private final String model;
        private final long wallNanos;
        private final Context context;
        private final Runnable onFinished;
        private volatile State state = State.WAITING;
        private volatile long startedAt;
        private volatile long finishedAt;
        private long timerId = -1;

        private Job(String model, long wallNanos, Context context, Runnable onFinished) {
            this.model = model;
            this.wallNanos = wallNanos;
            this.context = context;
            this.onFinished = onFinished;
        }

        public State state() {
            return state;
        }

        /** The queue clock's time the job got its slot. */
        public long startedAt() {
            return startedAt;
        }

        /** The queue clock's time the job finished. */
        public long finishedAt() {
            return finishedAt;
        }
    }

    private final Vertx vertx;
    private final int slots;
    private final double wallNanosPerGpuSecond;
    private final LongSupplier clock;
    private final ArrayDeque<Job> waiting = new ArrayDeque<>();
    private final Map<String, int[]> load = new LinkedHashMap<>();
    private int running;

    @Inject
    public MediaQueue(Vertx vertx, SimulatorConfig config) {
        this(vertx, config.mediaConcurrency(), config.timeScale() / config.speedFactor() * 1e9, System::nanoTime);
        config.models().forEach(model -> load.put(model, new int[2]));
    }

    /**
     * @param wallNanosPerGpuSecond wall-clock nanoseconds one simulated GPU second lasts
     * @param clock nanoseconds for {@link Job#startedAt()}, {@link Job#finishedAt()} and {@link #now()}
     */
    public MediaQueue(Vertx vertx, int slots, double wallNanosPerGpuSecond, LongSupplier clock) {
        if (slots < 1) {
            throw new IllegalArgumentException("relay.simulator.media-concurrency must be at least 1, got " + slots);
        }
        this.vertx = vertx;
        this.slots = slots;
        this.wallNanosPerGpuSecond = wallNanosPerGpuSecond;
        this.clock = clock;
    }

    public long now() {
        return clock.getAsLong();
    }

    /** How long a job of that many simulated GPU seconds holds its slot, in wall-clock nanoseconds. */
    public long wallNanos(double gpuSeconds) {
        return (long) (gpuSeconds * wallNanosPerGpuSecond);
    }

    /**
     * Queues a job; {@code onFinished} runs on {@code context} (or on the timer's thread when null) once the job's
     * GPU time has passed, unless it is cancelled first.
     */
    public synchronized Job submit(String model, double gpuSeconds, Context context, Runnable onFinished) {
        Job job = new Job(model, wallNanos(gpuSeconds), context, onFinished);
        waiting.add(job);
        counts(model)[1]++;
        startWhatFits();
        return job;
    }

    /** Frees the job's slot or place in line (its client left, or the video was deleted); it never finishes. */
    public synchronized void cancel(Job job) {
        if (job.state == State.WAITING) {
            waiting.remove(job);
            counts(job.model)[1]--;
        } else if (job.state == State.RUNNING) {
            vertx.cancelTimer(job.timerId);
            running--;
            counts(job.model)[0]--;
        } else {
            return;
        }
        job.state = State.CANCELLED;
        startWhatFits();
    }

    public synchronized Map<String, Load> load() {
        Map<String, Load> snapshot = new LinkedHashMap<>();
        load.forEach((model, counts) -> snapshot.put(model, new Load(counts[0], counts[1])));
        return snapshot;
    }

    private void startWhatFits() {
        while (running < slots && !waiting.isEmpty()) {
            Job job = waiting.poll();
            counts(job.model)[1]--;
            counts(job.model)[0]++;
            running++;
            job.state = State.RUNNING;
            job.startedAt = clock.getAsLong();
            job.timerId = vertx.setTimer(Math.max(1, (job.wallNanos + 999_999) / 1_000_000), id -> finish(job));
        }
    }

    private void finish(Job job) {
        synchronized (this) {
            if (job.state != State.RUNNING) {
                return;
            }
            job.state = State.FINISHED;
            job.finishedAt = clock.getAsLong();
            running--;
            counts(job.model)[0]--;
            startWhatFits();
        }
        // Outside the lock: the callback may call back into the queue or take other locks.
        if (job.context == null) {
            job.onFinished.run();
        } else {
            job.context.runOnContext(ignored -> job.onFinished.run());
        }
    }

    private int[] counts(String model) {
        return load.computeIfAbsent(model, m -> new int[2]);
    }
}
