package dev.relay.task.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.relay.task.persistence.WebhookDeliveryRepository.Seen;

/**
 * One webhook call as its account sees it: {@code pending} (with when it is tried next), {@code delivered} or
 * {@code abandoned}, how many attempts it took and what the receiver last answered (0 or null: it never answered).
 */
@JsonPropertyOrder({"event_id", "type", "state", "attempts", "last_status", "last_error", "created_at",
    "next_attempt_at", "delivered_at", "abandoned_at"})
public record WebhookDeliveryView(
        @JsonProperty("event_id") String eventId,
        String type,
        String state,
        int attempts,
        @JsonProperty("last_status") Integer lastStatus,
        @JsonProperty("last_error") String lastError,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("next_attempt_at") String nextAttemptAt,
        @JsonProperty("delivered_at") String deliveredAt,
        @JsonProperty("abandoned_at") String abandonedAt) {

    public static WebhookDeliveryView of(Seen seen) {
        String state = seen.deliveredAt() != null ? "delivered" : seen.abandonedAt() != null ? "abandoned" : "pending";
        return new WebhookDeliveryView(seen.eventId(), seen.eventType(), state, seen.attempts(), seen.lastStatus(),
                seen.lastError(), ApiTimes.iso(seen.createdAt()), state.equals("pending") ? ApiTimes.iso(seen.nextAttemptAt()) : null,
                ApiTimes.iso(seen.deliveredAt()), ApiTimes.iso(seen.abandonedAt()));
    }
}
