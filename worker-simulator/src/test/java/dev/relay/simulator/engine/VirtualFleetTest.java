package dev.relay.simulator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class VirtualFleetTest {

    private static final EngineConfig SLOW = new EngineConfig(8, 1024, 16, 4000, 10, 1, 1.0);
    private static final EngineConfig FAST = new EngineConfig(8, 1024, 16, 4000, 10, 1, 2.0);

    private static int[] prompt(String label) {
        int[] ids = new int[64];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (label + i).hashCode();
        }
        return ids;
    }

    @Test
    void eventsOfAllEnginesComeBackInTimeOrder() {
        VirtualFleet fleet = new VirtualFleet(List.of(SLOW, FAST));
        fleet.submit(0, new SequenceRequest("slow", "m", prompt("a"), 20));
        fleet.submit(1, new SequenceRequest("fast", "m", prompt("b"), 20));

        List<VirtualFleet.FleetEvent> events = fleet.drain();

        assertEquals(42, events.size());
        for (int i = 1; i < events.size(); i++) {
            assertTrue(events.get(i - 1).event().atNanos() <= events.get(i).event().atNanos());
        }
        Map<String, Long> finishedAt = events.stream().filter(e -> e.event().kind() == EngineEvent.Kind.FINISHED)
                .collect(Collectors.toMap(e -> e.event().requestId(), e -> e.event().atNanos()));
        assertEquals(finishedAt.get("slow"), 2 * finishedAt.get("fast"), 1_000);
    }

    @Test
    void advancingStopsAtTheArrivalSoTheNextRequestSeesCurrentLoad() {
        VirtualFleet fleet = new VirtualFleet(List.of(SLOW));
        fleet.submit(0, new SequenceRequest("first", "m", prompt("a"), 1000));
        long arrival = 100_000_000;

        List<VirtualFleet.FleetEvent> events = fleet.advanceTo(arrival);

        assertEquals(arrival, fleet.now());
        assertTrue(events.stream().allMatch(e -> e.event().atNanos() <= arrival));
        assertEquals(1, fleet.engine(0).runningCount());
        fleet.submit(0, new SequenceRequest("second", "m", prompt("a"), 5));
        Map<String, EngineEvent> finished = fleet.drain().stream().map(VirtualFleet.FleetEvent::event)
                .filter(e -> e.kind() == EngineEvent.Kind.FINISHED)
                .collect(Collectors.toMap(EngineEvent::requestId, Function.identity()));
        assertEquals(64, finished.get("second").timing().cachedPromptTokens(), "the second reused the first's prefix");
    }
}
