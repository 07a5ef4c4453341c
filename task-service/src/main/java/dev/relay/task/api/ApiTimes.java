package dev.relay.task.api;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Times as every Relay API writes them: ISO-8601 UTC to the second. */
final class ApiTimes {

    private ApiTimes() {
    }

    static String iso(Instant at) {
        return at == null ? null : at.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
