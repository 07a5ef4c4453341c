package dev.relay.task.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.relay.task.persistence.WebhookEndpoint;

/** A webhook endpoint as its account sees it; {@code secret} only in the answer that created it. */
@JsonPropertyOrder({"id", "url", "created_at", "secret"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookEndpointView(String id, String url, @JsonProperty("created_at") String createdAt, String secret) {

    public static WebhookEndpointView listed(WebhookEndpoint endpoint) {
        return new WebhookEndpointView(endpoint.id, endpoint.url, ApiTimes.iso(endpoint.createdAt), null);
    }

    public static WebhookEndpointView created(WebhookEndpoint endpoint) {
        return new WebhookEndpointView(endpoint.id, endpoint.url, ApiTimes.iso(endpoint.createdAt), endpoint.secret);
    }
}
