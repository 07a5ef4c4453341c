package dev.relay.billing.service;

import java.math.BigInteger;

/**
 * The cost of a request in micro-dollars: {@code ceil(prompt * inPerMillion / 1e6) + ceil(completion * outPerMillion / 1e6)},
 * in exact integer arithmetic. Products that overflow a long are computed with BigInteger; a total that does not
 * fit a long is refused rather than wrapped.
 */
public final class UsageCost {

    private static final long MILLION = 1_000_000L;
    private static final BigInteger BIG_MILLION = BigInteger.valueOf(MILLION);

    private UsageCost() {
    }

    public static long of(long promptTokens, long completionTokens, long inputPerMillionMicro, long outputPerMillionMicro) {
        return Math.addExact(part(promptTokens, inputPerMillionMicro), part(completionTokens, outputPerMillionMicro));
    }

    /** ceil(tokens * perMillion / 1e6) for non-negative operands. */
    static long part(long tokens, long perMillionMicro) {
        if (tokens < 0 || perMillionMicro < 0) {
            throw new IllegalArgumentException("tokens and prices must not be negative");
        }
        try {
            return Math.ceilDiv(Math.multiplyExact(tokens, perMillionMicro), MILLION);
        } catch (ArithmeticException overflow) {
            BigInteger[] qr = BigInteger.valueOf(tokens).multiply(BigInteger.valueOf(perMillionMicro))
                    .divideAndRemainder(BIG_MILLION);
            BigInteger ceil = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
            return ceil.longValueExact();
        }
    }
}
