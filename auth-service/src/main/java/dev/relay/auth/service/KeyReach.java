package dev.relay.auth.service;

import dev.relay.auth.persistence.ApiKey;
import java.util.List;

/**
 * What a key may do to the account's other keys: create or revoke only keys that reach no further than itself, at
 * no higher a rate and to no model it may not call. Else a key an operator limited (to some models, to a few requests
 * a minute, for a CI job or a third party) could make itself an unlimited one, or revoke the owner's.
 */
record KeyReach(int rpmLimit, List<String> allowedModels) {

    static KeyReach of(ApiKey key) {
        return new KeyReach(key.rpmLimit(), key.allowedModels());
    }

    boolean coversRate(int rpm) {
        return rpm <= rpmLimit;
    }

    /** An empty list is every model: only a key with every model covers it. */
    boolean coversModels(List<String> models) {
        return allowedModels.isEmpty() || (!models.isEmpty() && allowedModels.containsAll(models));
    }

    boolean covers(ApiKey key) {
        return coversRate(key.rpmLimit()) && coversModels(key.allowedModels());
    }
}
