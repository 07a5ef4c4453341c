package dev.relay.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.routing.registry.Worker;
import dev.relay.routing.registry.WorkerDescriptor;
import dev.relay.routing.registry.WorkerRegistry;
import dev.relay.routing.scoring.PrefixIndex;
import dev.relay.routing.scoring.RoutingStrategy;
import dev.relay.routing.scoring.ScoringWeights;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerPickerTest {

    private static final int MAX_CANDIDATES = 3;

    private final WorkerRegistry registry = new WorkerRegistry();
    private final PrefixIndex prefixes = new PrefixIndex(100);
    private final WorkerPicker picker = new WorkerPicker(registry,
            RoutingStrategy.named("cache-aware", prefixes, ScoringWeights.defaults()), prefixes, MAX_CANDIDATES);

    private Worker add(String id, String protocol, String mode, Map<String, String> labels) {
        return registry.register(new WorkerDescriptor(id, "http://127.0.0.1:1", protocol, mode, List.of("m"), 10, "r",
                "standard", labels, WorkerDescriptor.Origin.STATIC), Instant.now());
    }

    private static List<String> ids(WorkerPicker.Pick pick) {
        return pick.candidates().stream().map(Worker::id).toList();
    }

    @Test
    void autoModeUsesOpenGpuOnlyWhenNoDirectWorkerIsEligible() {
        add("d1", "vllm", "direct", Map.of());
        add("o1", "vllm", "opengpu", Map.of());

        assertEquals("direct", picker.pick("m", "auto", null, null, new long[0], 0).mode());
        registry.leave("d1");
        WorkerPicker.Pick pick = picker.pick("m", "auto", null, null, new long[0], 0);
        assertEquals("opengpu", pick.mode());
        assertEquals(List.of("o1"), ids(pick));
    }

    @Test
    void tierLabelRestrictsAWorkerToThoseTiers() {
        add("premium", "vllm", "direct", Map.of(WorkerDescriptor.TIERS_LABEL, "pro,enterprise"));
        add("open", "vllm", "direct", Map.of());

        assertEquals(List.of("open"), ids(picker.pick("m", "direct", null, "free", new long[0], 0)));
        assertEquals(2, picker.pick("m", "direct", null, "pro", new long[0], 0).candidates().size());
    }

    @Test
    void sourceFilterKeepsOnlyWorkersOfThatProtocol() {
        add("v", "vllm", "direct", Map.of());
        add("o", "ollama", "direct", Map.of());

        assertEquals(List.of("o"), ids(picker.pick("m", "auto", "ollama", null, new long[0], 0)));
    }

    @Test
    void theChosenWorkerIsRememberedForThePromptsPrefix() {
        add("a", "vllm", "direct", Map.of());
        add("b", "vllm", "direct", Map.of());
        long[] prompt = {7, 8, 9};

        String first = picker.pick("m", "auto", null, null, prompt, 0).candidates().get(0).id();

        assertEquals(3, prefixes.size(first));
        assertEquals(first, picker.pick("m", "auto", null, null, prompt, 0).candidates().get(0).id());
    }

    @Test
    void aPickListsAtMostTheConfiguredNumberOfCandidatesLeastLoadedFirst() {
        for (int i = 0; i < 6; i++) {
            Worker worker = add("w" + i, "vllm", "direct", Map.of());
            for (int r = (i * 4) % 6; r > 0; r--) { // in flight: w0 0, w1 4, w2 2, w3 0, w4 4, w5 2
                worker.started();
            }
        }

        assertEquals(List.of("w0", "w3", "w2"), ids(picker.pick("m", "auto", null, null, new long[0], 0)));
    }

    @Test
    void aWorkerWhoseFinishedReportsWereLostIsChosenAgainOnceItsCountIsReconciled() {
        Worker lost = add("a", "vllm", "direct", Map.of());
        Worker busy = add("b", "vllm", "direct", Map.of());
        Duration reconcileAfter = Duration.ofSeconds(10);
        Instant t0 = Instant.now();
        for (int i = 0; i < 4; i++) {
            lost.started(); // a gateway crashed: these four are never reported finished
        }
        busy.started();
        busy.started();
        lost.scraped(t0, 0, 0, 0, reconcileAfter);
        busy.scraped(t0, 2, 0, 0, reconcileAfter);
        assertEquals("b", picker.pick("m", "auto", null, null, new long[0], 0).candidates().get(0).id());

        lost.scraped(t0.plus(reconcileAfter), 0, 0, 0, reconcileAfter);

        assertEquals("a", picker.pick("m", "auto", null, null, new long[0], 0).candidates().get(0).id());
    }

    @Test
    void workersWhoseContextWindowIsSmallerThanThePromptAreLeftOut() {
        add("short", "vllm", "direct", Map.of()).contextWindows(Map.of("m", 8_192), Instant.now());
        add("long", "vllm", "direct", Map.of()).contextWindows(Map.of("m", 131_072), Instant.now());

        assertEquals(List.of("long"), ids(picker.pick("m", "auto", null, null, new long[0], 20_000)));
        assertEquals(List.of("long", "short"), ids(picker.pick("m", "auto", null, null, new long[0], 8_192)));
    }

    @Test
    void autoModeTurnsToOpenGpuWhenNoDirectWorkerTakesThePrompt() {
        add("d1", "vllm", "direct", Map.of()).contextWindows(Map.of("m", 8_192), Instant.now());
        add("o1", "vllm", "opengpu", Map.of()).contextWindows(Map.of("m", 65_536), Instant.now());

        WorkerPicker.Pick pick = picker.pick("m", "auto", null, null, new long[0], 20_000);

        assertEquals("opengpu", pick.mode());
        assertEquals(List.of("o1"), ids(pick));
    }

    @Test
    void aWorkerThatReportedNoContextWindowTakesAnyPrompt() {
        add("unknown", "ollama", "direct", Map.of());

        assertEquals(List.of("unknown"), ids(picker.pick("m", "auto", null, null, new long[0], 1_000_000)));
    }

    @Test
    void unknownModelYieldsNoCandidates() {
        assertTrue(picker.pick("nope", "auto", null, null, new long[0], 0).candidates().isEmpty());
    }
}
