package dev.relay.auth.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.relay.auth.persistence.ApiKey;
import dev.relay.auth.service.IssuedKey;
import java.util.List;

/** A key as the Relai API shows it (snake_case, ISO-8601 UTC); {@code key} only in the answer that created it. */
@JsonPropertyOrder({"id", "name", "prefix", "rpm_limit", "allowed_models", "created_at", "last_used_at", "key"})
public record KeyView(
        String id,
        String name,
        String prefix,
        @JsonProperty("rpm_limit") int rpmLimit,
        @JsonProperty("allowed_models") List<String> allowedModels,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("last_used_at") String lastUsedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String key) {

    public static KeyView of(ApiKey key) {
        return new KeyView(key.id(), key.name(), key.prefix(), key.rpmLimit(), key.allowedModels(),
                Timestamps.iso(key.createdAt()), Timestamps.iso(key.lastUsedAt()), null);
    }

    public static KeyView of(IssuedKey issued) {
        KeyView view = of(issued.key());
        return new KeyView(view.id, view.name, view.prefix, view.rpmLimit, view.allowedModels, view.createdAt,
                view.lastUsedAt, issued.secret());
    }

    @Override
    public String toString() {
        return "KeyView[" + id + "]";
    }

    public record Listing(List<KeyView> keys) {
    }
}
