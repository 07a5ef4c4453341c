package dev.relay.contracts;

/**
 * Redis key layout shared by the gateway (reserves, admits) and billing (publishes balances, settles reservations).
 * Every key of one account shares the {@code {accountId}} hash tag, so scripts stay valid on Redis Cluster.
 */
public final class RedisKeys {

    private RedisKeys() {
    }

    /** Settled balance in micro-dollars, written by billing after every ledger change. */
    public static String balance(String accountId) {
        return "relay:acct:{" + accountId + "}:balance";
    }

    /** Sum of open reservations in micro-dollars. */
    public static String reservedTotal(String accountId) {
        return "relay:acct:{" + accountId + "}:reserved";
    }

    /** Hash of open reservations: field = reservation id, value = amount in micro-dollars. */
    public static String reservations(String accountId) {
        return "relay:acct:{" + accountId + "}:reservations";
    }

    /**
     * Hash of when billing's sweep first saw each open reservation: field = reservation id, value = Redis time in
     * ms. The sweep releases a reservation a horizon after that sighting; the gateway deletes a task's field when the
     * task starts running, so that its run has a full horizon ahead.
     */
    public static String reservationSightings(String accountId) {
        return "relay:acct:{" + accountId + "}:reservations_seen";
    }

    /**
     * A key's rate-limit window under its account's hash tag, so that one script can count the request and hold the
     * account's credit (all keys of a script must share a slot in Redis Cluster).
     */
    public static String accountRateWindow(String accountId, String subject, long windowStartEpochSecond) {
        return "relay:acct:{" + accountId + "}:rl:" + subject + ":" + windowStartEpochSecond;
    }

    /** Fixed-window request counter for rate limiting a guest address (no account) in one window. */
    public static String rateWindow(String subject, long windowStartEpochSecond) {
        return "relay:rl:{" + subject + "}:" + windowStartEpochSecond;
    }
}
