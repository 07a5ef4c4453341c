package dev.relay.simulator.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutputPlannerTest {

    private static final int[] PROMPT = {1, 2, 3, 4, 5};

    private static ChatRequest request(Integer maxTokens, List<String> stop, Long seed) {
        return new ChatRequest("m", "prompt", 1, maxTokens, false, stop, seed, null);
    }

    @Test
    void withoutMaxTokensTheLengthIsBetween16And64AndTheAnswerStops() {
        for (long seed = 0; seed < 50; seed++) {
            ChoicePlan plan = OutputPlanner.plan(request(null, List.of(), seed), PROMPT, 0, 10_000);
            assertTrue(plan.tokens() >= 16 && plan.tokens() <= 64, plan.tokens() + " tokens");
            assertEquals("stop", plan.finishReason());
        }
    }

    @Test
    void defaultLengthNeverExceedsTheRoomLeftInTheContext() {
        ChoicePlan plan = OutputPlanner.plan(request(null, List.of(), 1L), PROMPT, 0, 5);
        assertEquals(5, plan.tokens());
        assertEquals("length", plan.finishReason());
    }

    @Test
    void seedAndChoiceIndexChangeTheText() {
        String base = OutputPlanner.plan(request(20, List.of(), 1L), PROMPT, 0, 1000).text();
        assertEquals(base, OutputPlanner.plan(request(20, List.of(), 1L), PROMPT, 0, 1000).text());
        assertNotEquals(base, OutputPlanner.plan(request(20, List.of(), 2L), PROMPT, 0, 1000).text());
        assertNotEquals(base, OutputPlanner.plan(request(20, List.of(), 1L), PROMPT, 1, 1000).text());
    }

    @Test
    void stopCutsWithinATokenAndCountsTheTokenThatReachedIt() {
        OutputPlanner.Stopped cut = OutputPlanner.cutAtStop(List.of("Alpha", " beta", " gamma", " delta"),
                List.of("am"));
        assertEquals(List.of("Alpha", " beta", " g"), cut.pieces());
    }

    @Test
    void earliestOfSeveralStopsWinsAndIsTheStopReason() {
        OutputPlanner.Stopped cut = OutputPlanner.cutAtStop(List.of("Alpha", " beta", " gamma"), List.of("gamma", "et"));
        assertEquals(List.of("Alpha", " b"), cut.pieces());
        assertEquals("et", cut.stop());
    }

    @Test
    void stopThatNeverAppearsChangesNothing() {
        assertNull(OutputPlanner.cutAtStop(List.of("Alpha", " beta"), List.of("zeta")));
    }

    @Test
    void toolCallArgumentsAreAJsonObjectFilledByParameterType() {
        ChatRequest.ToolSpec tool = new ChatRequest.ToolSpec("get_weather",
                List.of(new ChatRequest.Parameter("city", "string"), new ChatRequest.Parameter("days", "integer")));
        ChoicePlan plan = OutputPlanner.plan(new ChatRequest("m", "p", 1, null, false, List.of(), null, tool), PROMPT, 0, 1000);

        assertEquals("tool_calls", plan.finishReason());
        assertEquals("get_weather", plan.toolName());
        assertTrue(plan.text().matches("\\{\"city\": \"[A-Za-z ]+\", \"days\": \\d+}"), plan.text());
    }
}
