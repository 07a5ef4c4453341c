package dev.relay.routing.scoring;

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

    /** Random costs, with few distinct values half of the time so that ties are common. */
    private static double[] randomCosts(SplittableRandom random, int n) {
        double[] costs = new double[n];
        for (int i = 0; i < n; i++) {
            costs[i] = random.nextBoolean() ? random.nextInt(5) * 0.25 : random.nextDouble(-2, 10);
        }
        return costs;
    }

    private static List<Integer> best(double[] costs, int limit) {
        double[] scratch = Ordering.costs(costs.length);
        System.arraycopy(costs, 0, scratch, 0, costs.length);
        return Ordering.best(IntStream.range(0, costs.length).boxed().toList(), scratch, limit);
    }

    @Test
    void everyWorkerOrdersLikeAStableSortOfTheQuantisedCosts() {
        SplittableRandom random = new SplittableRandom(7);
        for (int n : new int[] {2, 3, 50, 1000, 3000}) {
            double[] costs = randomCosts(random, n);

            assertEquals(reference(costs, n), best(costs, n), "n=" + n);
        }
    }

    @Test
    void theBestFewAreTheHeadOfThatStableSort() {
        SplittableRandom random = new SplittableRandom(11);
        for (int n : new int[] {2, 9, 100, 1000}) {
            for (int limit : new int[] {1, 2, 8, 32, 33, 64}) {
                double[] costs = randomCosts(random, n);

                List<Integer> expected = reference(costs, n).subList(0, Math.min(limit, n));
                assertEquals(expected, best(costs, limit), "n=" + n + " limit=" + limit);
            }
        }
    }

    @Test
    void outOfRangeAndNanCostsAreClampedToTheEnds() {
        double[] costs = Ordering.costs(4);
        costs[0] = Double.NaN;
        costs[1] = 1e9;
        costs[2] = -1e9;
        costs[3] = 0.5;

        assertEquals(List.of("low", "mid", "nan", "high"), Ordering.best(List.of("nan", "high", "low", "mid"), costs, 4));
    }
}
