package dev.relay.gateway.service;

import java.util.UUID;

/** Credit held for one request until billing settles its usage event. */
public record Reservation(String id, long amountMicro) {

    public static final Reservation NONE = new Reservation(null, 0);

    /** A new hold of {@code amountMicro}, under an id of its own. */
    public static Reservation of(long amountMicro) {
        return new Reservation("res_" + UUID.randomUUID(), amountMicro);
    }
}
