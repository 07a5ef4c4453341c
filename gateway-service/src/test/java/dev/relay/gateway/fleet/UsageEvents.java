package dev.relay.gateway.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.contracts.Topics;
import java.time.Duration;
import java.util.List;

/** Reads relay.usage with a plain KafkaConsumer (from the beginning) and indexes events by request id. */
public final class UsageEvents {

    private static final TopicTap USAGE = new TopicTap(Topics.USAGE, event -> event.path("requestId").asText());

    private UsageEvents() {
    }

    /** Waits (up to 30 s) for the first event of a request, then a little longer to catch any duplicate. */
    public static List<JsonNode> forRequest(String requestId) {
        Eventually.until(() -> !USAGE.get(requestId).isEmpty(), Duration.ofSeconds(30),
                "a usage event for request " + requestId);
        Eventually.pause(Duration.ofMillis(1500));
        return USAGE.get(requestId);
    }

    /** Events for a request that should have none, after giving a wrongly published one time to arrive. */
    public static List<JsonNode> noneExpectedFor(String requestId) {
        USAGE.start();
        Eventually.pause(Duration.ofSeconds(3));
        return USAGE.get(requestId);
    }

    public static void warmUp() {
        USAGE.start();
    }
}
