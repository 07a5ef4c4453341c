package dev.relay.gateway.service;

import dev.relay.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Accounts whose last chat request this replica admitted, and when. Only their requests are sent to a worker while
 * their admission is still being decided ({@code relay.gateway.admission.overlap}), and at most
 * {@code early-per-account} of them at a time: an account refused (over a limit, out of credit) or not seen for
 * {@code trust-for} is admitted first again, so a burst from an account that cannot pay starts workers on at most
 * that many requests per refusal, not on the whole burst. Kept per account, as credit and tier limits are.
 */
@ApplicationScoped
public class AdmittedLately {

    /** Bounds the memory; when full it starts afresh (accounts then wait for one admission each, nothing else). */
    private static final int MAX_ACCOUNTS = 100_000;

    /** When the account was last admitted, and how many of its requests went early and await their verdict. */
    private record Trust(long admittedMs, int early) {
    }

    private final ConcurrentHashMap<String, Trust> accounts = new ConcurrentHashMap<>();
    private final boolean enabled;
    private final long trustMs;
    private final int maxEarly;

    public AdmittedLately(GatewayConfig config) {
        this.enabled = config.admission().overlap();
        this.trustMs = config.admission().trustFor().toMillis();
        this.maxEarly = config.admission().earlyPerAccount();
    }

    /**
     * Whether {@code caller}'s request may go to a worker before its admission is decided; if so it holds one of its
     * account's early places until {@link #admitted}/{@link #refused} with {@code early} true, or {@link #giveBack}.
     */
    public boolean tryEarly(Caller caller, long nowMs) {
        if (!enabled || caller.isGuest()) {
            return false;
        }
        boolean[] taken = {false};
        accounts.computeIfPresent(caller.accountId(), (id, trust) -> {
            if (nowMs - trust.admittedMs() < trustMs && trust.early() < maxEarly) {
                taken[0] = true;
                return new Trust(trust.admittedMs(), trust.early() + 1);
            }
            return trust;
        });
        return taken[0];
    }

    /** An early place taken by {@link #tryEarly} that was not used after all. */
    public void giveBack(Caller caller) {
        accounts.computeIfPresent(caller.accountId(), (id, trust) -> new Trust(trust.admittedMs(), freed(trust)));
    }

    public void admitted(Caller caller, long nowMs, boolean early) {
        if (!enabled || caller.isGuest()) {
            return;
        }
        if (accounts.size() >= MAX_ACCOUNTS) {
            accounts.clear();
        }
        accounts.compute(caller.accountId(),
                (id, trust) -> new Trust(nowMs, trust == null ? 0 : early ? freed(trust) : trust.early()));
    }

    /** Refused (or failed): the account's next requests are admitted first, early ones still out included. */
    public void refused(Caller caller) {
        if (!caller.isGuest()) {
            accounts.remove(caller.accountId());
        }
    }

    private static int freed(Trust trust) {
        return Math.max(0, trust.early() - 1);
    }
}
