package dev.relay.task.api;

import dev.relay.contracts.internal.ApiError;
import dev.relay.task.config.TaskConfig;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The places for media bodies being sent, {@code relay.task.media.max-downloads} of them. Unbounded, every download
 * read its chunks on the pool's 20 connections and held up to a chunk in direct memory: with a few dozen at once, chunk
 * reads of downloads in progress waited past the pool's timeout (breaking them off) and direct memory ran out. A
 * download past the bound is refused before anything is read, to be tried again, so that those in progress finish.
 */
@Startup // checked when the service starts, not at its first download
@ApplicationScoped
public class MediaDownloads {

    /** What a caller past the bound should wait before it tries again: a place frees as soon as a download ends. */
    static final long RETRY_AFTER_SECONDS = 1;

    private final Semaphore places;

    public MediaDownloads(TaskConfig config, AgroalDataSource database) {
        int max = config.media().maxDownloads();
        int pool = database.getConfiguration().connectionPoolConfiguration().maxSize();
        if (max < 1 || max >= pool) {
            throw new IllegalStateException("relay.task.media.max-downloads (" + max + ") must be at least 1 and "
                    + "below the database pool's size, quarkus.datasource.jdbc.max-size (" + pool + "): downloads "
                    + "read their chunks on its connections, and must leave some to everything else");
        }
        this.places = new Semaphore(max);
    }

    /** A place for one download, or empty while every place is taken. */
    Optional<Place> take() {
        return places.tryAcquire() ? Optional.of(new Place()) : Optional.empty();
    }

    /** The refusal of a download past the bound. */
    static ApiError full() {
        return ApiError.of(503, "server_error", "service_unavailable",
                "Too many media downloads are in progress; retry shortly.");
    }

    /** One download's place, given back once: when its body is sent, cut short or left by its caller, or not sent. */
    final class Place {

        private final AtomicBoolean held = new AtomicBoolean(true);

        void giveBack() {
            if (held.compareAndSet(true, false)) {
                places.release();
            }
        }
    }
}
