package dev.relay.bench.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOfAnUnsortedSample() {
        Percentiles p = new Percentiles(new double[] {7, 3, 10, 1, 9, 2, 8, 4, 6, 5});
        assertEquals(5, p.at(50));
        assertEquals(9, p.at(90));
        assertEquals(10, p.at(99));
        assertEquals(10, p.at(100));
        assertEquals(1, p.at(1));
    }

    @Test
    void aSingleValueIsEveryPercentile() {
        Percentiles p = new Percentiles(new double[] {42});
        assertEquals(42, p.at(1));
        assertEquals(42, p.at(90));
    }

    @Test
    void anEmptySampleHasNoPercentile() {
        assertTrue(Double.isNaN(new Percentiles(new double[0]).at(90)));
    }

    @Test
    void percentilesOutsideZeroToHundredAreRefused() {
        Percentiles p = new Percentiles(new double[] {1, 2});
        assertThrows(IllegalArgumentException.class, () -> p.at(0));
        assertThrows(IllegalArgumentException.class, () -> p.at(101));
    }

    @Test
    void theCallersArrayIsLeftAlone() {
        double[] values = {3, 1, 2};
        new Percentiles(values);
        assertEquals(3, values[0]);
    }
}
