package dev.relay.auth.service;

import dev.relay.contracts.internal.ApiError;

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

    public KeyService(AccountRepository accounts, ApiKeyRepository keys, KeyEventOutbox events) {
        this.accounts = accounts;
        this.keys = keys;
        this.events = events;
    }

    @Transactional
    public IssuedKey issue(String accountId, NewKey request) {
        if (!accounts.lockShared(accountId)) {
            throw ApiError.notFound("No such account");
        }
        String secret = RandomTokens.apiKeySecret();
        Instant now = now();
        ApiKey key = new ApiKey(RandomTokens.keyId(), accountId, request.name(), secret.substring(0, PREFIX_LENGTH),
                ApiKeyHasher.sha256Hex(secret), request.rpmLimit(), request.allowedModels(), now, null);
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

    @Transactional
    public void revoke(String accountId, String keyId) {
        Instant now = now();
        ApiKey key = keys.revoke(accountId, keyId, now).orElseThrow(() -> ApiError.notFound("No such key"));
        events.announce(KeyEvent.Type.REVOKED, key, now);
        LOG.infof("revoked key %s of account %s", key.id(), accountId);
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
