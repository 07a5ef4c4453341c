package dev.relay.auth.messaging;

import dev.relay.auth.persistence.ApiKeyRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Keeps the newest use of each key in memory and writes them all in one batch every flush interval, so a busy key
 * costs one row update per interval instead of one per request. A crash loses at most one interval of timestamps,
 * which is acceptable for a "last used" hint.
 */
@ApplicationScoped
public class LastUsedRecorder {

    private static final Logger LOG = Logger.getLogger(LastUsedRecorder.class);

    private final ConcurrentHashMap<String, Instant> pending = new ConcurrentHashMap<>();
    private final ApiKeyRepository keys;

    public LastUsedRecorder(ApiKeyRepository keys) {
        this.keys = keys;
    }

    public void used(String keyId, Instant at) {
        pending.merge(keyId, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    @Scheduled(every = "${relay.auth.last-used.flush-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        Map<String, Instant> batch = new HashMap<>();
        for (String keyId : pending.keySet()) {
            Instant at = pending.remove(keyId);
            if (at != null) {
                batch.put(keyId, at);
            }
        }
        try {
            keys.recordLastUsed(batch);
        } catch (RuntimeException e) {
            // Put them back (newest wins) and try again next interval.
            batch.forEach(this::used);
            LOG.warnf("last_used_at flush of %d keys failed, retrying later: %s", batch.size(), e.toString());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        flush();
    }
}
