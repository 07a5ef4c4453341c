package dev.relay.gateway.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * A list a peer owns (billing's prices, auth's tiers), kept in memory and reloaded in the background, so that no
 * request ever waits for that peer. A failed reload keeps the last good list.
 */
final class PeerSnapshot<T> {

    private static final Logger LOG = Logger.getLogger(PeerSnapshot.class);

    private final String what;
    private final Supplier<Uni<T>> load;
    private volatile T current;
    private long timerId = -1;

    PeerSnapshot(String what, Supplier<Uni<T>> load) {
        this.what = what;
        this.load = load;
    }

    void start(Vertx vertx, long periodMs) {
        refresh().subscribe().with(ignored -> {
        }, ignored -> {
        });
        timerId = vertx.setPeriodic(periodMs, id -> refresh().subscribe().with(ignored -> {
        }, ignored -> {
        }));
    }

    void stop(Vertx vertx) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /** The last good list; null while none was ever loaded. */
    T current() {
        return current;
    }

    /** The last good list, or a load now while there is none yet. */
    Uni<T> get() {
        T known = current;
        return known != null ? Uni.createFrom().item(known) : refresh();
    }

    Uni<T> refresh() {
        return load.get().invoke(loaded -> current = loaded)
                .onFailure().invoke(e -> LOG.warnf("%s refresh failed: %s", what, e.getMessage()));
    }
}
