package dev.relay.routing.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CacheAwareScorerTest {

    private static final long[] PROMPT = {11L, 22L, 33L, 44L};

    private final PrefixIndex prefixes = new PrefixIndex(64);
    private final CacheAwareScorer scorer = new CacheAwareScorer(prefixes, ScoringWeights.defaults());

    private static List<String> ids(List<? extends WorkerSignals> workers) {
        return workers.stream().map(WorkerSignals::id).toList();
    }

    @Test
    void prefersTheWorkerHoldingThePromptPrefixWhenLoadIsBalanced() {
        List<SimWorker> workers = List.of(SimWorker.idle("a").withInFlight(2), SimWorker.idle("b").withInFlight(2),
                SimWorker.idle("c").withInFlight(2));
        prefixes.record("c", PROMPT);

        List<SimWorker> ordered = scorer.order(workers, new PickRequest(PROMPT));

        assertEquals("c", ordered.get(0).id());
    }

    @Test
    void longerMatchedPrefixWinsOverShorter() {
        List<SimWorker> workers = List.of(SimWorker.idle("a"), SimWorker.idle("b"), SimWorker.idle("c"));
        prefixes.record("a", new long[] {11L});
        prefixes.record("b", new long[] {11L, 22L, 33L});

        assertEquals(List.of("b", "a", "c"), ids(scorer.order(workers, new PickRequest(PROMPT))));
    }

    @Test
    void fallsBackToLeastLoadedWhenLoadIsUnbalanced() {
        // "hot" holds the whole prefix but is at 90% load while "cold" idles: the guard (spread 0.9 > 0.5) wins.
        List<SimWorker> workers = List.of(SimWorker.idle("hot").withInFlight(9), SimWorker.idle("cold"),
                SimWorker.idle("warm").withInFlight(3));
        prefixes.record("hot", PROMPT);

        assertEquals(List.of("cold", "warm", "hot"), ids(scorer.order(workers, new PickRequest(PROMPT))));
    }

    @Test
    void withoutPrefixPrefersTheLessQueuedAndLessCacheFullWorker() {
        List<SimWorker> workers = List.of(SimWorker.idle("a").withWaiting(2).withKv(0.9),
                SimWorker.idle("b").withWaiting(1).withKv(0.1));

        assertEquals(List.of("b", "a"), ids(scorer.order(workers, PickRequest.withoutPrefix())));
    }

    @Test
    void orderedCandidatesContainEveryEligibleWorkerExactlyOnce() {
        List<SimWorker> workers = List.of(SimWorker.idle("a").withInFlight(1), SimWorker.idle("b"),
                SimWorker.idle("c").withKv(0.4), SimWorker.idle("d").withWaiting(3), SimWorker.idle("e"));
        prefixes.record("d", PROMPT);

        List<SimWorker> ordered = scorer.order(workers, new PickRequest(PROMPT));

        assertEquals(workers.size(), ordered.size());
        assertEquals(Set.copyOf(workers), Set.copyOf(ordered));
    }

    @Test
    void equalScoresKeepTheGivenOrderSoEveryReplicaAgrees() {
        List<SimWorker> workers = List.of(SimWorker.idle("a"), SimWorker.idle("b"), SimWorker.idle("c"));

        assertEquals(List.of("a", "b", "c"), ids(scorer.order(workers, PickRequest.withoutPrefix())));
        assertEquals(List.of("a", "b", "c"), ids(scorer.order(workers, PickRequest.withoutPrefix())));
    }

    @Test
    void leastLoadedOrdersByQueueOverCapacity() {
        List<SimWorker> workers = List.of(SimWorker.idle("a").withInFlight(5), SimWorker.idle("b").withWaiting(2),
                SimWorker.idle("c"));

        assertEquals(List.of("c", "b", "a"), ids(new LeastLoaded().order(workers, PickRequest.withoutPrefix())));
    }

    @Test
    void roundRobinRotatesTheFirstCandidateAndKeepsEveryWorker() {
        RoundRobin roundRobin = new RoundRobin();
        List<SimWorker> workers = List.of(SimWorker.idle("a"), SimWorker.idle("b"), SimWorker.idle("c"));

        Set<String> firsts = java.util.stream.IntStream.range(0, 3)
                .mapToObj(i -> roundRobin.order(workers, PickRequest.withoutPrefix()))
                .peek(order -> assertEquals(3, Set.copyOf(order).size()))
                .map(order -> order.get(0).id()).collect(Collectors.toSet());

        assertEquals(Set.of("a", "b", "c"), firsts);
    }

    @Test
    void aLimitKeepsOnlyThatManyOfTheBestWorkersBestFirst() {
        List<SimWorker> workers = List.of(SimWorker.idle("a").withInFlight(3), SimWorker.idle("b").withInFlight(1),
                SimWorker.idle("c").withInFlight(4), SimWorker.idle("d"), SimWorker.idle("e").withInFlight(2));

        assertEquals(List.of("d", "b"), ids(scorer.best(workers, PickRequest.withoutPrefix(), 2)));
    }

    @Test
    void aLimitAboveTheNumberOfWorkersReturnsThemAll() {
        List<SimWorker> workers = List.of(SimWorker.idle("a").withInFlight(1), SimWorker.idle("b"));

        assertEquals(List.of("b", "a"), ids(scorer.best(workers, PickRequest.withoutPrefix(), 8)));
    }

    @Test
    void equalScoresCutByTheLimitKeepTheFirstInTheGivenOrder() {
        List<SimWorker> workers = List.of(SimWorker.idle("a").withInFlight(1), SimWorker.idle("b"), SimWorker.idle("c"),
                SimWorker.idle("d"));

        assertEquals(List.of("b", "c"), ids(scorer.best(workers, PickRequest.withoutPrefix(), 2)));
    }

    @Test
    void theLoadGuardAlsoAppliesToALimitedChoice() {
        List<SimWorker> workers = List.of(SimWorker.idle("hot").withInFlight(9), SimWorker.idle("warm").withInFlight(3),
                SimWorker.idle("cold"));
        prefixes.record("hot", PROMPT);

        assertEquals(List.of("cold"), ids(scorer.best(workers, new PickRequest(PROMPT), 1)));
    }

    @Test
    void leastLoadedWithALimitKeepsTheLeastLoaded() {
        List<SimWorker> workers = List.of(SimWorker.idle("a").withInFlight(5), SimWorker.idle("b").withWaiting(2),
                SimWorker.idle("c"));

        assertEquals(List.of("c", "b"), ids(new LeastLoaded().best(workers, PickRequest.withoutPrefix(), 2)));
    }

    @Test
    void roundRobinWithALimitReturnsThatManyConsecutiveWorkers() {
        List<SimWorker> workers = List.of(SimWorker.idle("a"), SimWorker.idle("b"), SimWorker.idle("c"));
        RoundRobin roundRobin = new RoundRobin();

        assertEquals(List.of("a", "b"), ids(roundRobin.best(workers, PickRequest.withoutPrefix(), 2)));
        assertEquals(List.of("b", "c"), ids(roundRobin.best(workers, PickRequest.withoutPrefix(), 2)));
    }

    @Test
    void loadCountsTheLargerOfOwnInFlightAndTheWorkersQueue() {
        SimWorker worker = new SimWorker("a", 10, 2, 3, 4, 0, 0, 0);

        assertEquals(0.7, WorkerScorer.load(worker), 1e-9);
    }
}
