package dev.relay.contracts.internal;

import java.util.Map;

/**
 * A tier's request limits as auth-service publishes them ({@code GET /internal/tiers}, a map by tier name); gateways
 * enforce them per account, beside each key's own {@code rpm_limit}.
 *
 * @param rpm requests per minute of one account, over all its keys and modes
 * @param modeRpm requests per minute of one account in each mode ({@code direct}, {@code opengpu}); a mode not
 *     listed has no limit of its own
 */
public record TierLimits(int rpm, Map<String, Integer> modeRpm) {
}
