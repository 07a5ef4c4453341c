package dev.relay.routing.registry;

import java.util.List;
import java.util.Map;

/**
 * What a worker says about itself (static configuration or a heartbeat): everything but its live state.
 *
 * @param protocol protocol family: vllm, openai, ollama, anthropic, image, audio, video
 * @param mode {@code direct} or {@code opengpu}
 * @param origin where the entry came from: static entries never expire, heartbeat entries do
 */
public record WorkerDescriptor(
        String id,
        String baseUrl,
        String protocol,
        String mode,
        List<String> models,
        int capacity,
        String region,
        String priceClass,
        Map<String, String> labels,
        Origin origin) {

    public enum Origin { STATIC, HEARTBEAT }

    /** Label naming the tiers allowed on a worker, comma separated; absent means every tier. */
    public static final String TIERS_LABEL = "relay.tiers";

    public WorkerDescriptor {
        baseUrl = stripTrailingSlash(baseUrl);
        protocol = protocol.toLowerCase(java.util.Locale.ROOT);
        mode = mode.toLowerCase(java.util.Locale.ROOT);
        models = List.copyOf(models);
        labels = Map.copyOf(labels);
        capacity = Math.max(1, capacity);
    }

    public boolean allowsTier(String tier) {
        String allowed = labels.get(TIERS_LABEL);
        if (allowed == null || allowed.isBlank()) {
            return true;
        }
        if (tier == null) {
            return false;
        }
        for (String t : allowed.split(",")) {
            if (t.trim().equalsIgnoreCase(tier)) {
                return true;
            }
        }
        return false;
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
