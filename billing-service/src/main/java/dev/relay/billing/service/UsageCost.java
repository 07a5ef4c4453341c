package dev.relay.billing.service;

import java.math.BigInteger;

/**
 * The cost of a request in micro-dollars, at one price version:
 * <pre>
 *   ceil(promptTokens * inputPerMillion / 1e6) + ceil(completionTokens * outputPerMillion / 1e6)
 * + images * perImage + ceil(mediaMillis * perSecond / 1000)
 * </pre>
 * in exact integer arithmetic, each part rounded up on its own (a fraction of a micro-dollar is never given away).
 * Products that overflow a long are computed with BigInteger; a total that does not fit a long is refused rather
 * than wrapped.
 */
public final class UsageCost {

    private static final long MILLION_TOKENS = 1_000_000L;
    private static final long MILLIS_PER_SECOND = 1_000L;

    private UsageCost() {
    }

    public static long of(PriceVersion price, Metered usage) {
        long tokens = Math.addExact(part(usage.promptTokens(), price.inputPerMillionMicro(), MILLION_TOKENS),
                part(usage.completionTokens(), price.outputPerMillionMicro(), MILLION_TOKENS));
        long media = Math.addExact(part(usage.images(), price.perImageMicro(), 1),
                part(usage.mediaMillis(), price.perSecondMicro(), MILLIS_PER_SECOND));
        return Math.addExact(tokens, media);
    }

    /** ceil(quantity * unitPrice / per) for non-negative operands: the price is per {@code per} units. */
    static long part(long quantity, long unitPrice, long per) {
        if (quantity < 0 || unitPrice < 0) {
            throw new IllegalArgumentException("quantities and prices must not be negative");
        }
        try {
            return Math.ceilDiv(Math.multiplyExact(quantity, unitPrice), per);
        } catch (ArithmeticException overflow) {
            BigInteger[] qr = BigInteger.valueOf(quantity).multiply(BigInteger.valueOf(unitPrice))
                    .divideAndRemainder(BigInteger.valueOf(per));
            BigInteger ceil = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
            return ceil.longValueExact();
        }
    }
}
