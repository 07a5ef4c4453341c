package dev.relay.gateway.service;

import dev.relay.contracts.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Admits a routed chat request in one Redis round trip: counts it in its key's rate window and in its account's tier
 * windows (overall and for the routed mode), and, under every limit, holds its worst-case cost against the balance
 * billing publishes. Check and hold are one script, so concurrent requests (on any replica) can neither pass a limit
 * together nor spend more than the balance. Billing releases the hold (HDEL + DECRBY) when it settles the usage
 * event that names the reservation.
 */
@ApplicationScoped
public class ChatGate {

    public enum Verdict { ADMITTED, OVER_LIMIT, NO_CREDIT }

    /**
     * @param rate the window the response reports: the one refusing, else the one with the fewest requests left
     * @param reservation {@link Reservation#NONE} for guests and for refusals
     * @param windows the windows the request was counted in: the caller's own first, then (if admitted) its account's
     * @param availableMicro refused for credit: the balance less what running requests hold; else -1
     */
    public record Pass(Verdict verdict, RateDecision rate, Reservation reservation, List<RateWindow> windows,
            long availableMicro) {
    }

    /**
     * KEYS: the caller's own window, then {@code n} account windows, then balance, reserved total and reservations.
     * ARGV: ttl, n, the limit of each window, reservation id ('' = count only), cost. The caller's window counts
     * every request; the account windows count only admitted ones, so one key past its own limit cannot use up what
     * its account's other keys may still send. Answers {0 admitted | 1 over a limit | 2 not enough credit, index of
     * the window to report (1-based), its count}, and after a 2 what the balance has left to hold. {@link RateLimiter} runs it with n = 0 and no reservation.
     */
    static final LuaScript SCRIPT = new LuaScript("""
            local n = tonumber(ARGV[2])
            local count = redis.call('INCR', KEYS[1])
            if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            if count > tonumber(ARGV[3]) then return {1, 1, count} end
            local tightest, tightestCount, left = 1, count, tonumber(ARGV[3]) - count
            for i = 2, n + 1 do
              local c = tonumber(redis.call('GET', KEYS[i]) or '0') + 1
              local limit = tonumber(ARGV[2 + i])
              if c > limit then return {1, i, c} end
              if limit - c < left then tightest, tightestCount, left = i, c, limit - c end
            end
            local id = ARGV[n + 4]
            if id ~= '' then
              local balance = tonumber(redis.call('GET', KEYS[n + 2]) or '0')
              local reserved = tonumber(redis.call('GET', KEYS[n + 3]) or '0')
              local cost = tonumber(ARGV[n + 5])
              if balance - reserved < cost then return {2, tightest, tightestCount, balance - reserved} end
              redis.call('HSET', KEYS[n + 4], id, ARGV[n + 5])
              redis.call('INCRBY', KEYS[n + 3], cost)
            end
            for i = 2, n + 1 do
              if redis.call('INCR', KEYS[i]) == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[1]) end
            end
            return {0, tightest, tightestCount}""");

    /**
     * Takes back what {@link #SCRIPT} counted and held, for a request admitted on an assumption that turned out wrong.
     * KEYS: the windows to uncount, then reserved total and reservations; ARGV: how many windows, reservation id.
     * A window that has ended meanwhile is left alone (DECR would create it without an expiry); HDEL decides, so a
     * hold is released once even if billing's sweeper got there first.
     */
    static final LuaScript WITHDRAW = new LuaScript("""
            local n = tonumber(ARGV[1])
            for i = 1, n do
              if redis.call('EXISTS', KEYS[i]) == 1 then redis.call('DECR', KEYS[i]) end
            end
            if ARGV[2] ~= '' then
              local amount = redis.call('HGET', KEYS[n + 2], ARGV[2])
              if amount and redis.call('HDEL', KEYS[n + 2], ARGV[2]) == 1 then
                redis.call('DECRBY', KEYS[n + 1], amount)
              end
            end
            return n""");

    /**
     * Holds a reservation again if it is gone: KEYS balance, reserved total, reservations, billing's sightings; ARGV
     * id, amount. Answers 1 when it is still held, 2 when it was held again, 0 when the balance cannot cover it any
     * more. Billing's sweep releases a hold a horizon after it first saw it; deleting that sighting restarts the
     * clock (the next sweep notes the hold afresh), so the run that follows has a full horizon before its hold can
     * be swept, however long the task waited.
     */
    static final LuaScript HOLD_AGAIN = new LuaScript("""
            redis.call('HDEL', KEYS[4], ARGV[1])
            if redis.call('HEXISTS', KEYS[3], ARGV[1]) == 1 then return 1 end
            local balance = tonumber(redis.call('GET', KEYS[1]) or '0')
            local reserved = tonumber(redis.call('GET', KEYS[2]) or '0')
            if balance - reserved < tonumber(ARGV[2]) then return 0 end
            redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
            redis.call('INCRBY', KEYS[2], ARGV[2])
            return 2""");

    /**
     * Shrinks a hold to what its request costs: KEYS reserved total, reservations; ARGV id, cost. Only ever down, and
     * only while the hold is there: billing, which releases it when it charges, may have got there first.
     */
    static final LuaScript TRIM = new LuaScript("""
            local held = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '-1')
            local cost = tonumber(ARGV[2])
            if held <= cost then return 0 end
            redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
            if redis.call('DECRBY', KEYS[1], held - cost) < 0 then redis.call('SET', KEYS[1], '0') end
            return held - cost""");

    private final ReactiveRedisDataSource redis;
    private final RateLimiter limiter;
    private final RefusedWindows refused;
    private final TierBook tiers;
    private final Clock clock = Clock.systemUTC();

    public ChatGate(ReactiveRedisDataSource redis, RateLimiter limiter, RefusedWindows refused, TierBook tiers) {
        this.redis = redis;
        this.limiter = limiter;
        this.refused = refused;
        this.tiers = tiers;
    }

    /**
     * Guests hold nothing (they have no account): they are only counted; an account's request in {@code mode}
     * holds {@code costMicro}.
     */
    public Uni<Pass> admit(Caller caller, String mode, long costMicro) {
        return admit(caller, mode, caller.isGuest() ? Reservation.NONE : Reservation.of(costMicro));
    }

    /** As {@link #admit(Caller, String, long)}, holding {@code held} (made beforehand, so that it can be named). */
    public Uni<Pass> admit(Caller caller, String mode, Reservation held) {
        if (caller.isGuest()) {
            return limiter.admit(caller).map(rate -> new Pass(rate.allowed() ? Verdict.ADMITTED : Verdict.OVER_LIMIT,
                    rate, Reservation.NONE, List.of(), -1));
        }
        List<RateWindow> windows = windows(caller, mode, clock.millis());
        String account = caller.accountId();
        long costMicro = held.amountMicro();
        List<String> keys = new ArrayList<>(windows.size() + 3);
        List<String> args = new ArrayList<>(windows.size() + 4);
        args.add(Long.toString(windows.get(0).ttlMs()));
        args.add(Integer.toString(windows.size() - 1));
        for (RateWindow window : windows) {
            keys.add(window.key());
            args.add(Integer.toString(window.limit()));
        }
        keys.addAll(List.of(RedisKeys.balance(account), RedisKeys.reservedTotal(account),
                RedisKeys.reservations(account)));
        args.addAll(List.of(held.id(), Long.toString(costMicro)));
        return SCRIPT.run(redis, keys, args.toArray(String[]::new)).map(r -> {
            int refusing = r.get(1).toInteger() - 1; // the window with the fewest requests left
            Pass pass = pass(r.get(0).toInteger(), windows.get(refusing).decision(r.get(2).toLong()), held, windows,
                    r.size() > 3 ? r.get(3).toLong() : -1);
            // A mode's window refuses that mode only: the key's next request may run in the other one, so it is
            // not refused ahead of its body as the key's and the tier's own windows are.
            if (refusing < MODE_WINDOW) {
                refused.remember(caller, pass.rate());
            }
            return pass;
        });
    }

    /** Where {@link #windows} puts the tier's window for the mode, when the tier has one. */
    private static final int MODE_WINDOW = 2;

    /** The key's own window, then its account's tier window and the tier's window for the mode, where set. */
    private List<RateWindow> windows(Caller caller, String mode, long nowMs) {
        List<RateWindow> windows = new ArrayList<>(3);
        windows.add(RateWindow.of(caller, nowMs));
        tiers.limits(caller.tier()).ifPresent(tier -> {
            windows.add(RateWindow.shared(caller.accountId(), "tier", tier.rpm(), nowMs));
            Integer modeRpm = tier.modeRpm() == null || mode == null ? null : tier.modeRpm().get(mode);
            if (modeRpm != null) {
                windows.add(RateWindow.shared(caller.accountId(), "tier:" + mode, modeRpm, nowMs));
            }
        });
        return windows;
    }

    /**
     * Takes a keyed caller's admission back: its hold and its account windows' counts if it was admitted, and its own
     * window's count too unless {@code keepCallerCount} (a request answered anyway, e.g. 404, stays counted).
     */
    public Uni<Void> withdraw(Caller caller, Pass pass, boolean keepCallerCount) {
        if (caller.isGuest() || pass.windows().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<RateWindow> windows = pass.verdict() == Verdict.ADMITTED ? pass.windows() : pass.windows().subList(0, 1);
        List<String> keys = new ArrayList<>(windows.size() + 2);
        windows.subList(keepCallerCount ? 1 : 0, windows.size()).forEach(w -> keys.add(w.key()));
        int uncounted = keys.size();
        keys.addAll(List.of(RedisKeys.reservedTotal(caller.accountId()), RedisKeys.reservations(caller.accountId())));
        String held = pass.reservation().id() == null ? "" : pass.reservation().id();
        return WITHDRAW.run(redis, keys, Integer.toString(uncounted), held).replaceWithVoid();
    }

    /** The hold {@code reservationId} of the account, down to {@code costMicro} if it is larger (see {@link #TRIM}). */
    public Uni<Void> trimHold(String accountId, String reservationId, long costMicro) {
        return TRIM.run(redis, List.of(RedisKeys.reservedTotal(accountId), RedisKeys.reservations(accountId)),
                reservationId, Long.toString(costMicro)).replaceWithVoid();
    }

    /**
     * For an accepted task about to run: its hold, made at submission, is released by billing's sweep of orphaned
     * reservations once the task has waited longer than billing's horizon. Held again then, so that the run cannot
     * spend credit that is no longer there. Either way billing's horizon starts again now, so a run shorter than it
     * keeps its hold to the end. False when the balance cannot cover it any more.
     */
    public Uni<Boolean> holdAgainIfReleased(String accountId, Reservation held) {
        if (held.id() == null || held.amountMicro() <= 0) {
            return Uni.createFrom().item(true);
        }
        return HOLD_AGAIN.run(redis, List.of(RedisKeys.balance(accountId), RedisKeys.reservedTotal(accountId),
                        RedisKeys.reservations(accountId), RedisKeys.reservationSightings(accountId)),
                held.id(), Long.toString(held.amountMicro()))
                .map(answer -> answer.toInteger() != 0);
    }

    private static Pass pass(int outcome, RateDecision rate, Reservation held, List<RateWindow> windows,
            long available) {
        return switch (outcome) {
            case 0 -> new Pass(Verdict.ADMITTED, rate, held, windows, -1);
            case 1 -> new Pass(Verdict.OVER_LIMIT, rate, Reservation.NONE, windows, -1);
            default -> new Pass(Verdict.NO_CREDIT, rate, Reservation.NONE, windows, available);
        };
    }
}
