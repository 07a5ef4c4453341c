package dev.relay.routing.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.routing.registry.WorkerDescriptor.Origin;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContextWindowsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final WorkerRegistry registry = new WorkerRegistry();
    private final ContextWindows windows = new ContextWindows(registry, Map.of("m", 4_096));

    private Worker add(String id) {
        return registry.register(new WorkerDescriptor(id, "http://127.0.0.1:1", "vllm", "direct", List.of("m", "n"), 4,
                "r", "standard", Map.of(), Origin.STATIC), T0);
    }

    @Test
    void aReportedWindowWinsOverTheConfiguredOne() {
        Worker w = add("w");
        w.contextWindows(Map.of("m", 32_768), T0);

        assertEquals(32_768, windows.of(w, "m"));
    }

    @Test
    void theConfiguredWindowAppliesWhenTheWorkerReportedNone() {
        assertEquals(4_096, windows.of(add("w"), "m"));
    }

    @Test
    void aModelWithNeitherAReportNorAConfiguredWindowHasNoLimit() {
        assertEquals(ContextWindows.UNKNOWN, windows.of(add("w"), "n"));
    }

    @Test
    void aPromptFitsEverywhereOnlyUpToTheSmallestKnownWindow() {
        add("w").contextWindows(Map.of("n", 2_048), T0);

        assertTrue(windows.fitEverywhere(2_048));
        assertFalse(windows.fitEverywhere(2_049));
    }

    @Test
    void aSmallerReportLaterIsSeenByTheNextCheck() {
        Worker w = add("w");
        w.contextWindows(Map.of("n", 3_000), T0);
        assertTrue(windows.fitEverywhere(2_500));

        w.contextWindows(Map.of("n", 2_000), T0.plusSeconds(300));

        assertFalse(windows.fitEverywhere(2_500));
    }
}
