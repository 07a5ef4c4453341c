package dev.relay.simulator.service;

import dev.relay.simulator.config.SimulatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * The worker's video generations, as the OpenAI Videos API exposes them: each is a {@link MediaQueue} job, and its
 * status is read off that job when asked ({@code queued} while it waits for the GPU, {@code in_progress} with the
 * share of its time spent, then {@code completed}, or {@code failed} when a fault was injected). Nothing is stored
 * but the request: the file is rebuilt from it on download. Memory stays bounded: a finished video is forgotten
 * {@code video-retention} after it finished, and at most {@code max-videos} are kept (the oldest finished go first).
 */
@ApplicationScoped
public class VideoJobs {

    public enum Status {
        QUEUED, IN_PROGRESS, COMPLETED, FAILED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One accepted generation.
     *
     * @param failsAtPercent the progress at which an injected fault makes it fail, or -1
     */
    public record Video(String id, String model, String prompt, int seconds, String size, long createdAtMillis,
                        long createdAt, long wallNanos, int failsAtPercent, MediaQueue.Job job) {
    }

    /**
     * A video as it stands now; {@code completedAtMillis} and {@code expiresAtMillis} (when it will be forgotten)
     * are null until it finished (or failed).
     */
    public record Snapshot(Video video, Status status, int progress, Long completedAtMillis, Long expiresAtMillis) {
    }

    private final MediaQueue queue;
    private final long retentionNanos;
    private final int maxVideos;
    private final LongSupplier epochMillis;
    private final Map<String, Video> videos = new LinkedHashMap<>();

    @Inject
    public VideoJobs(MediaQueue queue, SimulatorConfig config) {
        this(queue, config.videoRetention(), config.maxVideos(), System::currentTimeMillis);
    }

    public VideoJobs(MediaQueue queue, Duration retention, int maxVideos, LongSupplier epochMillis) {
        this.queue = queue;
        this.retentionNanos = retention.toNanos();
        this.maxVideos = maxVideos;
        this.epochMillis = epochMillis;
    }

    /** Accepts a generation; refused with 429 when {@code max-videos} are kept and none has finished. */
    public synchronized Snapshot create(String model, String prompt, int seconds, String size, int failsAtPercent) {
        forgetExpired();
        if (videos.size() >= maxVideos && !forgetOldestFinished()) {
            throw new MediaRejected(429, "rate_limit_error", null, "too_many_videos",
                    "This worker already has " + maxVideos + " videos in progress; retry once some have finished.");
        }
        double gpuSeconds = GpuTime.video(seconds);
        // A video that is to fail holds the GPU only up to the point where it fails.
        double busy = failsAtPercent < 0 ? gpuSeconds : gpuSeconds * failsAtPercent / 100.0;
        String id = "video_" + UUID.randomUUID().toString().replace("-", "");
        Video video = new Video(id, model, prompt, seconds, size, epochMillis.getAsLong(), queue.now(),
                queue.wallNanos(gpuSeconds), failsAtPercent, queue.submit(model, busy, null, () -> { }));
        videos.put(id, video);
        // OpenAI answers a new video as queued; the GPU may have taken it already, which the next poll shows.
        return new Snapshot(video, Status.QUEUED, 0, null, null);
    }

    public synchronized Snapshot get(String id) {
        forgetExpired();
        Video video = videos.get(id);
        if (video == null) {
            throw MediaRejected.notFound("No video found with id '" + id + "'.");
        }
        return snapshot(video);
    }

    /** Forgets the video, freeing the GPU if it is still being made. */
    public synchronized void delete(String id) {
        Video video = videos.remove(id);
        if (video == null) {
            throw MediaRejected.notFound("No video found with id '" + id + "'.");
        }
        queue.cancel(video.job());
    }

    private Snapshot snapshot(Video video) {
        MediaQueue.Job job = video.job();
        return switch (job.state()) {
            case WAITING, CANCELLED -> new Snapshot(video, Status.QUEUED, 0, null, null);
            case RUNNING -> {
                double done = (double) (queue.now() - job.startedAt()) / Math.max(1, video.wallNanos());
                yield new Snapshot(video, Status.IN_PROGRESS, (int) Math.max(0, Math.min(99, done * 100)), null,
                        null);
            }
            case FINISHED -> {
                long completedAt = video.createdAtMillis() + (job.finishedAt() - video.createdAt()) / 1_000_000;
                Long expiresAt = completedAt + retentionNanos / 1_000_000;
                yield video.failsAtPercent() < 0 ? new Snapshot(video, Status.COMPLETED, 100, completedAt, expiresAt)
                        : new Snapshot(video, Status.FAILED, video.failsAtPercent(), completedAt, expiresAt);
            }
        };
    }

    private void forgetExpired() {
        long now = queue.now();
        videos.values().removeIf(v -> v.job().state() == MediaQueue.State.FINISHED
                && now - v.job().finishedAt() > retentionNanos);
    }

    private boolean forgetOldestFinished() {
        for (Iterator<Video> it = videos.values().iterator(); it.hasNext(); ) {
            if (it.next().job().state() == MediaQueue.State.FINISHED) {
                it.remove();
                return true;
            }
        }
        return false;
    }
}
