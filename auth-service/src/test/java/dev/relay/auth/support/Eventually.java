package dev.relay.auth.support;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Polling for asynchronous effects, with generous limits for a loaded 2-core machine. */
public final class Eventually {

    public static final Duration LIMIT = Duration.ofSeconds(30);

    private Eventually() {
    }

    public static <T> T find(Supplier<Optional<T>> probe, String what) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (true) {
            Optional<T> found = probe.get();
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what + " after " + LIMIT);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what);
            }
        }
    }
}
