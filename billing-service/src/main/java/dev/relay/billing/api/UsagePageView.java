package dev.relay.billing.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.relay.billing.service.UsageHistory;
import dev.relay.billing.service.UsageRecord;
import java.time.Instant;
import java.util.List;

/** {@code {"data":[...], "next_cursor": "..." | null}}. */
public record UsagePageView(
        List<Line> data,
        @JsonProperty("next_cursor") @JsonInclude(JsonInclude.Include.ALWAYS) String nextCursor) {

    public record Line(
            String id,
            @JsonProperty("request_id") String requestId,
            String model,
            @JsonProperty("prompt_tokens") long promptTokens,
            @JsonProperty("completion_tokens") long completionTokens,
            @JsonProperty("cost_micro") long costMicro,
            @JsonProperty("created_at") Instant createdAt) {

        static Line of(UsageRecord r) {
            return new Line(r.eventId(), r.requestId(), r.model(), r.promptTokens(), r.completionTokens(),
                    r.costMicro(), r.createdAt());
        }
    }

    public static UsagePageView of(UsageHistory.Page page) {
        return new UsagePageView(page.records().stream().map(Line::of).toList(), page.nextCursor());
    }
}
