package dev.relay.auth.api;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

final class Timestamps {

    private Timestamps() {
    }

    /** ISO-8601 UTC to the second, as in the Relai reference ({@code 2026-05-01T10:00:00Z}); null stays null. */
    static String iso(Instant at) {
        return at == null ? null : at.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
