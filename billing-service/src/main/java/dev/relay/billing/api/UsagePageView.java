package dev.relay.billing.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.relay.billing.service.Metered;
import dev.relay.billing.service.UsageHistory;
import dev.relay.billing.service.UsageRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * {@code {"data":[...], "next_cursor": "..." | null}}; a line carries what the request used (tokens, images, seconds of
 * audio or video) and what it cost.
 */
public record UsagePageView(
        List<Line> data,
        @JsonProperty("next_cursor") @JsonInclude(JsonInclude.Include.ALWAYS) String nextCursor) {

    public record Line(
            String id,
            @JsonProperty("request_id") String requestId,
            String model,
            @JsonProperty("prompt_tokens") long promptTokens,
            @JsonProperty("completion_tokens") long completionTokens,
            long images,
            @JsonProperty("media_seconds") BigDecimal mediaSeconds,
            @JsonProperty("cost_micro") long costMicro,
            @JsonProperty("created_at") Instant createdAt) {

        static Line of(UsageRecord r) {
            Metered usage = r.usage();
            // Seconds read better than milliseconds; exact (3.25), since billing measures and charges milliseconds.
            return new Line(r.eventId(), r.requestId(), r.model(), usage.promptTokens(), usage.completionTokens(),
                    usage.images(), Decimals.exact(usage.mediaMillis(), 3), r.costMicro(), r.createdAt());
        }
    }

    public static UsagePageView of(UsageHistory.Page page) {
        return new UsagePageView(page.records().stream().map(Line::of).toList(), page.nextCursor());
    }
}
