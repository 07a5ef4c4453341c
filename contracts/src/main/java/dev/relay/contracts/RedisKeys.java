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

    /** Fixed-window request counter for rate limiting one key (or guest address) in one window. */
    public static String rateWindow(String subject, long windowStartEpochSecond) {
        return "relay:rl:{" + subject + "}:" + windowStartEpochSecond;
    }
}
