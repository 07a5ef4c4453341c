package dev.relay.billing.service;

import dev.relay.contracts.internal.ModelPrice;
import java.time.Instant;

/** One version of a model's price, in force from {@code effectiveFrom} until the next version of that model. */
public record PriceVersion(
        String model,
        int version,
        long inputPerMillionMicro,
        long outputPerMillionMicro,
        long perImageMicro,
        long perSecondMicro,
        int defaultMaxTokens,
        Instant effectiveFrom) {

    public ModelPrice toContract() {
        return new ModelPrice(model, inputPerMillionMicro, outputPerMillionMicro, perImageMicro, perSecondMicro,
                defaultMaxTokens, version);
    }
}
