package dev.relay.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.contracts.UsageEvent;
import dev.relay.contracts.internal.ModelPrice;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What the gateway holds and trims a request's credit to: as billing charges it, and never wrapped round. */
class RequestCostTest {

    private static ModelPrice price(long input, long output) {
        return new ModelPrice("m", input, output, 0, 0, 4096, 1);
    }

    @Test
    void eachPartIsRoundedUpToAMicroDollarAsBillingRoundsIt() {
        assertEquals(1 + 1, ChatService.cost(price(1, 1), 1, 1));
        assertEquals(200 + 800, ChatService.cost(price(200_000, 800_000), 1_000, 1_000));
    }

    @Test
    void aCostBeyondALongIsMoreThanAnyBalanceNotANegativeOne() {
        long cost = ChatService.cost(price(1_000_000_000_000L, 1_000_000_000_000L), Integer.MAX_VALUE, 1_280_000);
        assertTrue(cost > 1_000_000_000_000_000L, Long.toString(cost));
    }

    @Test
    void aMediaTasksHoldIsTrimmedToItsImagesAndSecondsNotToNothing() {
        ModelPrice media = new ModelPrice("m", 0, 0, 30_000, 1_000, 4096, 1);
        UsageEvent images = new UsageEvent("e", "r", "a", "k", "m", "direct", "w", 0, 0, "res", 100_000, "completed",
                Instant.now(), "direct:t", null, 2, 0);
        UsageEvent speech = new UsageEvent("e", "r", "a", "k", "m", "direct", "w", 0, 0, "res", 100_000, "completed",
                Instant.now(), "direct:t", null, 0, 2_501);

        assertEquals(60_000, ReservationTrim.cost(media, images));
        assertEquals(2_501, ReservationTrim.cost(media, speech));
    }

    @Test
    void aMediaCostBeyondALongIsMoreThanAnyBalanceNotANegativeOne() {
        ModelPrice dear = new ModelPrice("m", 0, 0, Long.MAX_VALUE / 3, Long.MAX_VALUE / 3, 4096, 1);
        assertTrue(MediaAdmission.cost(dear, 10, 10_000) > 1_000_000_000_000_000L);
    }
}
