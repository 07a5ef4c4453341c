package dev.relay.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.relay.billing.service.UsageCost;
import dev.relay.billing.support.ExpectedCost;
import org.junit.jupiter.api.Test;

class UsageCostTest {

    @Test
    void eachPartIsRoundedUpToAWholeMicroDollar() {
        // 1 token at 200000/M = 0.2 micro -> 1; 1 token at 800000/M = 0.8 micro -> 1.
        assertEquals(2, UsageCost.of(1, 1, 200_000, 800_000));
        assertEquals(ExpectedCost.of(1234, 567, 200_000, 800_000), UsageCost.of(1234, 567, 200_000, 800_000));
    }

    @Test
    void exactMultiplesAreNotRoundedUp() {
        assertEquals(200_000 + 800_000, UsageCost.of(1_000_000, 1_000_000, 200_000, 800_000));
    }

    @Test
    void zeroTokensCostNothing() {
        assertEquals(0, UsageCost.of(0, 0, 1_000_000, 4_000_000));
    }

    @Test
    void productsBeyondALongAreComputedExactly() {
        long tokens = 4_000_000_000_000L;
        long price = 5_000_000_000L;
        assertEquals(ExpectedCost.of(tokens, 0, price, 0), UsageCost.of(tokens, 0, price, 0));
    }

    @Test
    void aTotalBeyondALongIsRefusedNotWrapped() {
        assertThrows(ArithmeticException.class, () -> UsageCost.of(Long.MAX_VALUE, Long.MAX_VALUE, 2_000_000, 2_000_000));
    }
}
