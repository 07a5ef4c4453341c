package dev.relay.gateway.service;

import dev.relay.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keys whose last chat request this replica admitted, and when. Only their requests are sent to a worker while their
 * admission is still being decided ({@code relay.gateway.admission.overlap}): a key refused (over a limit, out of
 * credit) or not seen for {@code trust-for} is admitted first again, so a worker starts on a request that is then
 * refused at most once per key and refusal, not for every request of a key that cannot pay.
 */
@ApplicationScoped
public class AdmittedLately {

    /** Bounds the memory; when full it starts afresh (keys then wait for one admission each, nothing else). */
    private static final int MAX_KEYS = 100_000;

    private final ConcurrentHashMap<String, Long> lastAdmittedMs = new ConcurrentHashMap<>();
    private final boolean enabled;
    private final long trustMs;

    public AdmittedLately(GatewayConfig config) {
        this.enabled = config.admission().overlap();
        this.trustMs = config.admission().trustFor().toMillis();
    }

    /** Whether {@code caller}'s request may go to a worker before its admission is decided. */
    public boolean trusted(Caller caller, long nowMs) {
        if (!enabled || caller.isGuest()) {
            return false;
        }
        Long last = lastAdmittedMs.get(caller.keyId());
        return last != null && nowMs - last < trustMs;
    }

    public void admitted(Caller caller, long nowMs) {
        if (!enabled || caller.isGuest()) {
            return;
        }
        if (lastAdmittedMs.size() >= MAX_KEYS) {
            lastAdmittedMs.clear();
        }
        lastAdmittedMs.put(caller.keyId(), nowMs);
    }

    public void refused(Caller caller) {
        if (!caller.isGuest()) {
            lastAdmittedMs.remove(caller.keyId());
        }
    }
}
