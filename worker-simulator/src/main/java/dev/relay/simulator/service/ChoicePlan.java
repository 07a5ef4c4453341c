package dev.relay.simulator.service;

import java.util.List;

/**
 * What one choice will say, decided before it is generated: the text of each token (for a tool call, pieces of
 * the arguments JSON), and why it ends. The engine only decides when each piece appears.
 *
 * @param stopReason the stop sequence that ended the text, as vLLM reports it ({@code choices[].stop_reason}); else null
 * @param toolCallId set when the choice is a tool call of {@code toolName}
 */
public record ChoicePlan(List<String> pieces, String finishReason, String stopReason, String toolName,
        String toolCallId) {

    public int tokens() {
        return pieces.size();
    }

    public boolean isToolCall() {
        return toolName != null;
    }

    public String text() {
        return String.join("", pieces);
    }
}
