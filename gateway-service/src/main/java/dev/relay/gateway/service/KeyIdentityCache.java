package dev.relay.gateway.service;

import com.github.benmanes.caffeine.cache.Cache;
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
 * drops the entry at once, so a revoked key stops working within the event's delivery time.
 */
@ApplicationScoped
public class KeyIdentityCache {

    private final AuthClient auth;
    private final Cache<String, Optional<KeyIdentity>> entries;

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
                .build();
    }

    public Uni<Optional<KeyIdentity>> find(String keyHash) {
        Optional<KeyIdentity> cached = entries.getIfPresent(keyHash);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return auth.findKey(keyHash).invoke(found -> entries.put(keyHash, found));
    }

    /** Drops the hash and, for events that only name the key id, every entry of that key. */
    public void invalidate(String keyHash, String keyId) {
        if (keyHash != null) {
            entries.invalidate(keyHash);
        }
        if (keyId != null) {
            entries.asMap().entrySet().removeIf(e -> e.getValue().map(k -> keyId.equals(k.keyId())).orElse(false));
        }
    }

}
