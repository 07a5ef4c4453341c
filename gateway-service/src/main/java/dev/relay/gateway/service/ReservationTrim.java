package dev.relay.gateway.service;

import dev.relay.contracts.UsageEvent;
import dev.relay.contracts.internal.ModelPrice;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Once a request's usage event is in Kafka, its hold shrinks from the worst case to what billing will charge for the
 * event. Otherwise the account's next request, sent as soon as this one ended, could be refused (402) for credit that
 * only waits for billing to read the event, a few hundred milliseconds later. Billing still charges the event and
 * releases what is left of the hold, exactly once; if this trim is lost, billing releases the whole hold as before.
 */
@ApplicationScoped
public class ReservationTrim {

    private static final Logger LOG = Logger.getLogger(ReservationTrim.class);

    private final ChatGate gate;
    private final PriceBook prices;

    public ReservationTrim(ChatGate gate, PriceBook prices) {
        this.gate = gate;
        this.prices = prices;
    }

    /** Tokens, images and seconds, as billing charges them: a media task's hold is trimmed to its cost, not to 0. */
    static long cost(ModelPrice price, UsageEvent event) {
        long tokens = ChatService.cost(price, event.promptTokens(), event.completionTokens());
        long media = MediaAdmission.cost(price, event.images(), event.mediaMillis());
        return tokens > Long.MAX_VALUE - media ? Long.MAX_VALUE : tokens + media;
    }

    /** On the producer's callback: nothing here blocks, and nothing thrown reaches the publisher. */
    public void afterPublished(UsageEvent event) {
        if (event.accountId() == null || event.reservationId() == null || event.reservedMicro() <= 0
                || !prices.loaded()) {
            return;
        }
        try {
            prices.inHand(event.model()).ifPresent(price -> gate.trimHold(event.accountId(), event.reservationId(),
                            cost(price, event))
                    .subscribe().with(ignored -> {
                    }, failure -> LOG.debugf("hold of request %s not trimmed: %s", event.requestId(),
                            failure.getMessage())));
        } catch (RuntimeException e) {
            LOG.debugf("hold of request %s not trimmed: %s", event.requestId(), e.getMessage());
        }
    }
}
