package dev.relay.gateway.service;

import dev.relay.contracts.internal.KeyIdentity;
import java.util.List;

/**
 * Who is calling: an account's key, or a guest identified only by its address.
 *
 * @param rateSubject what the rate-limit window counts (key id, or {@code guest:<address>})
 */
public record Caller(String keyId, String accountId, String tier, int rpmLimit, List<String> allowedModels,
        String rateSubject) {

    /** auth-service's tier for callers without a key. */
    public static final String GUEST_TIER = "guest";

    public static Caller of(KeyIdentity identity) {
        return new Caller(identity.keyId(), identity.accountId(), identity.tier(), identity.rpmLimit(),
                identity.allowedModels() == null ? List.of() : identity.allowedModels(), identity.keyId());
    }

    public static Caller guest(String address, int rpm, List<String> models) {
        return new Caller(null, null, GUEST_TIER, rpm, models, "guest:" + address);
    }

    /** Whoever presents wrong keys from this address: counted in a window of its own, apart from its guests. */
    public static Caller wrongKeys(String address, int rpm) {
        return new Caller(null, null, GUEST_TIER, rpm, List.of(), "wrong-keys:" + address);
    }

    public boolean isGuest() {
        return accountId == null;
    }

    /** Guests only get the configured list; keys may be restricted by auth (empty list = no restriction). */
    public boolean mayUse(String model) {
        if (isGuest()) {
            return allowedModels.contains(model);
        }
        return allowedModels.isEmpty() || allowedModels.contains(model);
    }
}
