package dev.relay.router.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OrderingTest {

    /** Reference: a stable comparison sort on the quantised cost. */
    private static List<Integer> reference(double[] costs, int n) {
        List<Integer> positions = new ArrayList<>(IntStream.range(0, n).boxed().toList());
        positions.sort(Comparator.comparingLong(i -> Math.round(Math.floor(
                Math.max(0, Math.min((1 << 24) - 1, (costs[i] - Ordering.MIN_COST) / Ordering.RESOLUTION))))));
        return positions;
    }

    @Test
    void ordersLikeAStableSortOfTheQuantisedCosts() {
        SplittableRandom random = new SplittableRandom(7);
        for (int n : new int[] {2, 3, 50, 1000, 3000}) {
            List<Integer> workers = IntStream.range(0, n).boxed().toList();
            double[] costs = new double[n];
            for (int i = 0; i < n; i++) {
                // few distinct values too, so that ties are common
                costs[i] = random.nextBoolean() ? random.nextInt(5) * 0.25 : random.nextDouble(-2, 10);
            }
            double[] scratch = Ordering.costs(n);
            System.arraycopy(costs, 0, scratch, 0, n);

            assertEquals(reference(costs, n), Ordering.byCost(workers, scratch), "n=" + n);
        }
    }

    @Test
    void outOfRangeAndNanCostsAreClampedToTheEnds() {
        double[] costs = Ordering.costs(4);
        costs[0] = Double.NaN;
        costs[1] = 1e9;
        costs[2] = -1e9;
        costs[3] = 0.5;

        assertEquals(List.of("low", "mid", "nan", "high"), Ordering.byCost(List.of("nan", "high", "low", "mid"), costs));
    }
}
