package dev.relay.billing.api;

import java.math.BigDecimal;

/** Exact decimals for display, from integer amounts: never a double, no trailing zeros, no exponent (4.5, 3.25, 10). */
final class Decimals {

    private Decimals() {
    }

    /** {@code unscaled / 10^scale}, e.g. micro-dollars to dollars with scale 6, milliseconds to seconds with 3. */
    static BigDecimal exact(long unscaled, int scale) {
        BigDecimal value = BigDecimal.valueOf(unscaled, scale).stripTrailingZeros();
        return value.scale() < 0 ? value.setScale(0) : value;
    }
}
