package dev.relay.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.relay.billing.service.Metered;
import dev.relay.billing.service.PriceVersion;
import dev.relay.billing.service.UsageCost;
import dev.relay.billing.support.ExpectedCost;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UsageCostTest {

    @Test
    void eachPartIsRoundedUpToAWholeMicroDollar() {
        // 1 token at 200000/M = 0.2 micro -> 1; 1 token at 800000/M = 0.8 micro -> 1.
        assertEquals(2, tokens(1, 1, 200_000, 800_000));
        assertEquals(ExpectedCost.of(1234, 567, 200_000, 800_000), tokens(1234, 567, 200_000, 800_000));
    }

    @Test
    void exactMultiplesAreNotRoundedUp() {
        assertEquals(200_000 + 800_000, tokens(1_000_000, 1_000_000, 200_000, 800_000));
    }

    @Test
    void zeroTokensCostNothing() {
        assertEquals(0, tokens(0, 0, 1_000_000, 4_000_000));
    }

    @Test
    void productsBeyondALongAreComputedExactly() {
        long tokens = 4_000_000_000_000L;
        long price = 5_000_000_000L;
        assertEquals(ExpectedCost.of(tokens, 0, price, 0), tokens(tokens, 0, price, 0));
    }

    @Test
    void aTotalBeyondALongIsRefusedNotWrapped() {
        assertThrows(ArithmeticException.class, () -> tokens(Long.MAX_VALUE, Long.MAX_VALUE, 2_000_000, 2_000_000));
    }

    @Test
    void imagesCostTheirPriceEach() {
        assertEquals(3 * 30_000, UsageCost.of(price(0, 0, 30_000, 0), new Metered(0, 0, 3, 0)));
    }

    @Test
    void mediaIsChargedPerSecondProRataRoundedUpToAWholeMicroDollar() {
        PriceVersion perSecond = price(0, 0, 0, 1_000);
        assertEquals(1, UsageCost.of(perSecond, new Metered(0, 0, 0, 1)));
        assertEquals(2_500, UsageCost.of(perSecond, new Metered(0, 0, 0, 2_500)));
        // 1001 ms at 1 micro-dollar a second: 1.001 micro -> 2.
        assertEquals(2, UsageCost.of(price(0, 0, 0, 1), new Metered(0, 0, 0, 1_001)));
    }

    @Test
    void tokensImagesAndSecondsAddUp() {
        // ceil(10 * 200000 / 1e6) = 2, ceil(10 * 800000 / 1e6) = 8, 2 * 30000, ceil(1500 * 1000 / 1000) = 1500.
        assertEquals(2 + 8 + 60_000 + 1_500,
                UsageCost.of(price(200_000, 800_000, 30_000, 1_000), new Metered(10, 10, 2, 1_500)));
    }

    @Test
    void mediaProductsBeyondALongAreComputedExactly() {
        // 10^9 ms at 10^12 micro-dollars a second: the product (10^21) overflows a long, the cost (10^18) does not.
        assertEquals(1_000_000_000_000_000_000L,
                UsageCost.of(price(0, 0, 0, 1_000_000_000_000L), new Metered(0, 0, 0, 1_000_000_000L)));
    }

    private static long tokens(long prompt, long completion, long inPerMillion, long outPerMillion) {
        return UsageCost.of(price(inPerMillion, outPerMillion, 0, 0), new Metered(prompt, completion, 0, 0));
    }

    private static PriceVersion price(long inPerMillion, long outPerMillion, long perImage, long perSecond) {
        return new PriceVersion("m", 1, inPerMillion, outPerMillion, perImage, perSecond, 4096, Instant.EPOCH);
    }
}
