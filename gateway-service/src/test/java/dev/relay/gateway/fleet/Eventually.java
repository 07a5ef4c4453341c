package dev.relay.gateway.fleet;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling for asynchronous effects, with generous limits for a loaded machine. */
public final class Eventually {

    private Eventually() {
    }

    public static void until(BooleanSupplier condition, Duration limit, String what) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what + " after " + limit);
            }
            pause(Duration.ofMillis(50));
        }
    }

    public static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
