package dev.relay.gateway.service;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.relay.contracts.internal.KeyIdentity;
import dev.relay.gateway.client.AuthClient;
import dev.relay.gateway.config.GatewayConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Key identities by SHA-256 hash. Known keys live for the TTL, unknown ones briefly; a {@code relay.keys} event
 * drops the entry at once, so a revoked key stops working within the event's delivery time. Concurrent misses for
 * one key share a single lookup, so a burst of requests with a fresh key asks auth-service once.
 */
@ApplicationScoped
public class KeyIdentityCache {

    private final AuthClient auth;
    private final AsyncCache<String, Optional<KeyIdentity>> entries;

    public KeyIdentityCache(AuthClient auth, GatewayConfig config) {
        this.auth = auth;
        long known = config.keyCache().ttl().toNanos();
        long unknown = config.keyCache().negativeTtl().toNanos();
        this.entries = Caffeine.newBuilder()
                .maximumSize(config.keyCache().maxSize())
                .expireAfter(new Expiry<String, Optional<KeyIdentity>>() {
                    @Override
                    public long expireAfterCreate(String key, Optional<KeyIdentity> value, long now) {
                        return value.isPresent() ? known : unknown;
                    }

                    @Override
                    public long expireAfterUpdate(String key, Optional<KeyIdentity> value, long now, long current) {
                        return expireAfterCreate(key, value, now);
                    }

                    @Override
                    public long expireAfterRead(String key, Optional<KeyIdentity> value, long now, long current) {
                        return current;
                    }
                })
                .buildAsync();
    }

    public Uni<Optional<KeyIdentity>> find(String keyHash) {
        // A failed lookup is not cached (Caffeine drops failed futures): the next request asks again.
        return Uni.createFrom().completionStage(
                entries.get(keyHash, (hash, executor) -> auth.findKey(hash).subscribeAsCompletionStage()));
    }

    /** Forgets every key: each is looked up again on its next request. */
    public void invalidateAll() {
        entries.synchronous().invalidateAll();
    }

    /** Drops the hash and, for events that only name the key id, every entry of that key. */
    public void invalidate(String keyHash, String keyId) {
        if (keyHash != null) {
            entries.synchronous().invalidate(keyHash);
        }
        if (keyId != null) {
            entries.synchronous().asMap().entrySet()
                    .removeIf(e -> e.getValue().map(k -> keyId.equals(k.keyId())).orElse(false));
        }
    }

}
