package dev.relay.auth.service;

import dev.relay.contracts.internal.ApiError;

import dev.relay.auth.config.AuthConfig;
import dev.relay.auth.messaging.KeyEventOutbox;
import dev.relay.auth.persistence.AccountRepository;
import dev.relay.auth.persistence.ApiKey;
import dev.relay.auth.persistence.ApiKeyRepository;
import dev.relay.contracts.KeyEvent;
import dev.relay.contracts.internal.KeyIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/** Issues, lists, revokes and identifies API keys. Logs name keys by id only. */
@ApplicationScoped
public class KeyService {

    private static final Logger LOG = Logger.getLogger(KeyService.class);
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    /** Characters of the secret kept for display: "relay_sk_" and three random ones. */
    private static final int PREFIX_LENGTH = 12;

    private final AccountRepository accounts;
    private final ApiKeyRepository keys;
    private final KeyEventOutbox events;
    private final int defaultRpm;

    public KeyService(AccountRepository accounts, ApiKeyRepository keys, KeyEventOutbox events, AuthConfig config) {
        this.accounts = accounts;
        this.keys = keys;
        this.events = events;
        this.defaultRpm = config.keys().defaultRpm();
    }

    /** A key made by the operator: any rate and models the request names. */
    public IssuedKey issue(String accountId, NewKey request) {
        return issue(accountId, request, null);
    }

    /**
     * A key made with another key of the account ({@code actingKeyId}, null for the operator): it reaches no further
     * than that key ({@link KeyReach}). Left out, the rate is the default or the acting key's if lower, and the
     * models the acting key's.
     */
    @Transactional
    public IssuedKey issue(String accountId, NewKey request, String actingKeyId) {
        if (!accounts.lockShared(accountId)) {
            throw ApiError.notFound("No such account");
        }
        int rpm = request.rpmLimit() != null ? request.rpmLimit() : defaultRpm;
        List<String> models = request.allowedModels();
        if (actingKeyId != null) {
            KeyReach reach = KeyReach.of(actingKey(accountId, actingKeyId));
            rpm = request.rpmLimit() != null ? rpm : Math.min(rpm, reach.rpmLimit());
            models = models.isEmpty() ? reach.allowedModels() : models;
            if (!reach.coversRate(rpm)) {
                throw beyondReach("rpm_limit", "A key can only create keys with an rpm_limit of at most its own ("
                        + reach.rpmLimit() + ")");
            }
            if (!reach.coversModels(models)) {
                throw beyondReach("allowed_models",
                        "A key restricted to some models can only create keys restricted to those models");
            }
        }
        String secret = RandomTokens.apiKeySecret();
        Instant now = now();
        ApiKey key = new ApiKey(RandomTokens.keyId(), accountId, request.name(), secret.substring(0, PREFIX_LENGTH),
                ApiKeyHasher.sha256Hex(secret), rpm, models, now, null);
        keys.insert(key);
        events.announce(KeyEvent.Type.CREATED, key, now);
        LOG.infof("issued key %s for account %s", key.id(), accountId);
        return new IssuedKey(key, secret);
    }

    public List<ApiKey> list(String accountId) {
        if (!accounts.exists(accountId)) {
            throw ApiError.notFound("No such account");
        }
        return keys.listLive(accountId);
    }

    /**
     * Revokes a live key of the account, with another of its keys ({@code actingKeyId}, null for the operator): a
     * key may revoke itself, and others that reach no further than it does ({@link KeyReach}).
     */
    @Transactional
    public void revoke(String accountId, String keyId, String actingKeyId) {
        if (actingKeyId != null && !actingKeyId.equals(keyId)) {
            KeyReach reach = KeyReach.of(actingKey(accountId, actingKeyId));
            ApiKey target = keys.findLive(accountId, keyId).orElseThrow(() -> ApiError.notFound("No such key"));
            if (!reach.covers(target)) {
                throw beyondReach(null, "A key can only revoke keys with no higher rpm_limit and no more models than"
                        + " its own");
            }
        }
        Instant now = now();
        ApiKey key = keys.revoke(accountId, keyId, now).orElseThrow(() -> ApiError.notFound("No such key"));
        events.announce(KeyEvent.Type.REVOKED, key, now);
        LOG.infof("revoked key %s of account %s", key.id(), accountId);
    }

    private ApiKey actingKey(String accountId, String actingKeyId) {
        return keys.findLive(accountId, actingKeyId)
                .orElseThrow(() -> beyondReach(null, "The key making this request is not a live key of the account"));
    }

    private static ApiError beyondReach(String param, String message) {
        return ApiError.of(403, "invalid_request_error", "key_permission_denied", param, message);
    }

    /**
     * The identity of a live key by the SHA-256 hex of its secret. Revoked and unknown keys are both absent: the
     * answer tells a caller nothing about keys that no longer work.
     */
    public Optional<KeyIdentity> identify(String keyHash) {
        String hash = keyHash.toLowerCase(Locale.ROOT);
        if (!SHA256_HEX.matcher(hash).matches()) {
            return Optional.empty();
        }
        return keys.findLiveByHash(hash)
                // The index found the row; the final comparison is constant-time as the issue requires.
                .filter(found -> ApiKeyHasher.sameSecret(found.key().keyHash(), hash))
                .map(found -> new KeyIdentity(found.key().id(), found.key().accountId(), found.tier(),
                        found.key().rpmLimit(), found.key().allowedModels(), false));
    }

    /** PostgreSQL keeps microseconds; trimming here makes what we return equal what we store. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
