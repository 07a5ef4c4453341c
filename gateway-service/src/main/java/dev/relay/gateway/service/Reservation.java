package dev.relay.gateway.service;

import dev.relay.contracts.internal.ModelPrice;
import java.util.Optional;
import java.util.UUID;

/**
 * Credit held for one request until billing settles its usage event, and the version of the model's price it was
 * worked out at (null when unknown), which billing then charges.
 */
public record Reservation(String id, long amountMicro, Integer priceVersion) {

    public static final Reservation NONE = new Reservation(null, 0, null);

    /** A new hold of {@code amountMicro}, under an id of its own. */
    public static Reservation of(long amountMicro) {
        return new Reservation("res_" + UUID.randomUUID(), amountMicro, null);
    }

    /** The same hold, worked out at {@code price} if that is {@code billedModel}'s own price (not a default). */
    public Reservation pricedAt(Optional<ModelPrice> price, String billedModel) {
        return new Reservation(id, amountMicro,
                price.filter(p -> p.model().equals(billedModel)).map(ModelPrice::version).orElse(null));
    }
}
