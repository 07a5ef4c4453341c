package dev.relay.auth.service;

import dev.relay.contracts.internal.ApiError;

import dev.relay.auth.config.AuthConfig;
import dev.relay.auth.config.AuthConfig.TierLimits;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The configured tiers. {@code guest} describes callers without a key, so no account can be put on it. */
@ApplicationScoped
public class TierCatalog {

    public static final String GUEST = "guest";
    private static final List<String> STANDARD = List.of(GUEST, "basic", "pro", "max", "custom");

    private final Map<String, TierLimits> tiers;

    public TierCatalog(AuthConfig config) {
        // The tiers in their order, then any further configured ones by name.
        Map<String, TierLimits> ordered = new LinkedHashMap<>();
        config.tiers().entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, TierLimits>>comparingInt(e -> rank(e.getKey()))
                        .thenComparing(Map.Entry::getKey))
                .forEach(e -> ordered.put(e.getKey(), e.getValue()));
        if (!ordered.containsKey(GUEST)) {
            throw new IllegalStateException("relay.auth.tiers.guest is not configured");
        }
        this.tiers = Collections.unmodifiableMap(ordered);
    }

    private static int rank(String tier) {
        int index = STANDARD.indexOf(tier);
        return index < 0 ? STANDARD.size() : index;
    }

    public Map<String, TierLimits> all() {
        return tiers;
    }

    /** The tier an account may be put on, or a 400 naming the {@code tier} parameter. */
    public String accountTier(String requested) {
        if (requested == null || GUEST.equals(requested) || !tiers.containsKey(requested)) {
            String allowed = String.join(", ", tiers.keySet().stream().filter(t -> !GUEST.equals(t)).toList());
            throw ApiError.invalidValue("tier", "tier must be one of: " + allowed);
        }
        return requested;
    }
}
