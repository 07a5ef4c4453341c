package dev.relay.gateway.api;

import dev.relay.gateway.service.ApiFailure;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Places for requests that hold something scarce for as long as they run (a transcription's body, held whole; a
 * media download's connection to task-service): at most {@code total} at once on this gateway, and at most
 * {@code perAccount} of them one account's, so that no account takes them all. A place is taken once the caller is
 * known and given back when its answer ends, however it ends (sent, failed, cut off, or its client gone, even before the place
 * was taken); with none
 * free, the request is answered 503 {@code service_unavailable} with {@code Retry-After}, to be tried again.
 */
final class AccountPlaces {

    /** Why no place was given. */
    enum Refusal {
        ACCOUNT_FULL, GATEWAY_FULL
    }

    private final Semaphore total;
    private final int perAccount;
    private final Map<String, Integer> taken = new ConcurrentHashMap<>();
    private final String accountFull;
    private final String gatewayFull;

    /** {@code accountFull} and {@code gatewayFull}: what the 503 says when the account's, or all, places are taken. */
    AccountPlaces(int total, int perAccount, String accountFull, String gatewayFull) {
        this.total = new Semaphore(total);
        this.perAccount = perAccount;
        this.accountFull = accountFull;
        this.gatewayFull = gatewayFull;
    }

    /** Takes one of the account's places until the answer ends; false, the 503 written, when none is free. */
    boolean takeUntilAnswered(RoutingContext ctx, String accountId, ErrorWriter errors) {
        Refusal refusal = take(accountId);
        if (refusal != null) {
            errors.write(ctx, ApiFailure.unavailable(refusal == Refusal.ACCOUNT_FULL ? accountFull : gatewayFull));
            return false;
        }
        AtomicBoolean given = new AtomicBoolean();
        Runnable place = () -> {
            if (given.compareAndSet(false, true)) {
                giveBack(accountId);
            }
        };
        ctx.addEndHandler(ended -> place.run());
        if (ctx.response().closed()) {
            // The client left while it was admitted: Vert.x runs no end handler added after a response closed, so the
            // place would never come back. (On the event loop, so it cannot close between the two lines above.)
            place.run();
            return false;
        }
        return true;
    }

    /** Null when a place was taken, else why none was; the account's places are counted first. */
    Refusal take(String accountId) {
        boolean[] mine = new boolean[1];
        taken.compute(accountId, (account, held) -> {
            int count = held == null ? 0 : held;
            if (count >= perAccount) {
                return held;
            }
            mine[0] = true;
            return count + 1;
        });
        if (!mine[0]) {
            return Refusal.ACCOUNT_FULL;
        }
        if (!total.tryAcquire()) {
            forget(accountId);
            return Refusal.GATEWAY_FULL;
        }
        return null;
    }

    void giveBack(String accountId) {
        total.release();
        forget(accountId);
    }

    private void forget(String accountId) {
        taken.computeIfPresent(accountId, (account, held) -> held <= 1 ? null : held - 1);
    }
}
