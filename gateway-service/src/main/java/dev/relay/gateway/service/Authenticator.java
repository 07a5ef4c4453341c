package dev.relay.gateway.service;

import dev.relay.contracts.internal.TierLimits;
import dev.relay.gateway.config.GatewayConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Turns the presented key into a {@link Caller}. {@code X-API-Key} wins over {@code Authorization: Bearer}; no key
 * at all is a guest, limited per address by auth-service's {@code guest} tier ({@code relay.gateway.guest.rpm} until
 * auth has answered, or when it has no such tier). The key itself is only ever hashed here, never stored or logged.
 */
@ApplicationScoped
public class Authenticator {

    private final KeyIdentityCache keys;
    private final TierBook tiers;
    /** relay.gateway.guest.rpm: the guest limit while auth's tier list lacks one. */
    private final int fallbackGuestRpm;
    private final List<String> guestModels;
    private final int wrongKeyRpm;

    public Authenticator(KeyIdentityCache keys, TierBook tiers, GatewayConfig config) {
        this.keys = keys;
        this.tiers = tiers;
        this.fallbackGuestRpm = config.guest().rpm();
        this.guestModels = config.guest().models().orElse(List.of());
        this.wrongKeyRpm = config.guest().wrongKeyRpm();
    }

    /** The window the wrong keys presented from this address count in. */
    public Caller wrongKeys(String clientAddress) {
        return Caller.wrongKeys(clientAddress, wrongKeyRpm);
    }

    /** @return the caller, or a failed Uni with a 401 {@link ApiFailure} for a wrong or revoked key */
    public Uni<Caller> authenticate(String apiKeyHeader, String authorizationHeader, String clientAddress) {
        String key = presentedKey(apiKeyHeader, authorizationHeader);
        if (key == null) {
            return Uni.createFrom().item(guest(clientAddress));
        }
        return keys.find(KeyHasher.sha256Hex(key)).map(found -> found
                .filter(identity -> !identity.revoked())
                .map(Caller::of)
                .orElseThrow(ApiFailure::invalidKey));
    }

    /** Guest-limit for callers refused with 401, so guessing keys is rate limited like any guest. */
    public Caller guest(String clientAddress) {
        int rpm = tiers.limits(Caller.GUEST_TIER).map(TierLimits::rpm).orElse(fallbackGuestRpm);
        return Caller.guest(clientAddress, rpm, guestModels);
    }

    static String presentedKey(String apiKeyHeader, String authorizationHeader) {
        if (apiKeyHeader != null && !apiKeyHeader.isBlank()) {
            return apiKeyHeader.trim();
        }
        if (authorizationHeader != null && authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = authorizationHeader.substring(7).trim();
            return token.isEmpty() ? null : token;
        }
        return null;
    }
}
