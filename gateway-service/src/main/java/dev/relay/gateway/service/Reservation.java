package dev.relay.gateway.service;

/** Credit held for one request until billing settles its usage event. */
public record Reservation(String id, long amountMicro) {

    public static final Reservation NONE = new Reservation(null, 0);
}
