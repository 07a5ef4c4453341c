package dev.relay.contracts.internal;

/** Prices in integer micro-dollars; a price change creates a new version and never reprices past usage. */
public record ModelPrice(
        String model,
        long inputPerMillionMicro,
        long outputPerMillionMicro,
        long perImageMicro,
        long perSecondMicro,
        int defaultMaxTokens,
        int version) {
}
