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

    /**
     * The {@code model} of the entry carrying billing's default price, charged (version 0) for any model that has no
     * price of its own; {@code GET /internal/prices} lists it beside the models' prices.
     */
    public static final String ANY_MODEL = "*";
}
