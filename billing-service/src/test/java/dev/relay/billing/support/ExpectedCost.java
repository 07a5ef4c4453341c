package dev.relay.billing.support;

import java.math.BigInteger;

/** The documented cost formula, written independently of the production code (BigInteger throughout). */
public final class ExpectedCost {

    private static final BigInteger MILLION = BigInteger.valueOf(1_000_000);

    private ExpectedCost() {
    }

    public static long of(long prompt, long completion, long inPerMillion, long outPerMillion) {
        return ceil(prompt, inPerMillion).add(ceil(completion, outPerMillion)).longValueExact();
    }

    private static BigInteger ceil(long tokens, long perMillion) {
        return BigInteger.valueOf(tokens).multiply(BigInteger.valueOf(perMillion))
                .add(MILLION.subtract(BigInteger.ONE)).divide(MILLION);
    }
}
