package dev.relay.simulator.service;

import dev.relay.simulator.engine.PseudoText;
import dev.relay.simulator.engine.SplitMix;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides each choice's output deterministically: the same prompt, seed and choice index always give the same
 * text and token count (tests and billing checks rely on it). The natural length, where the model would emit
 * its end-of-sequence token, is 16..64 tokens picked by the prompt. {@code max_tokens} caps it, as in vLLM
 * ({@code finish_reason=length} when it cuts); with {@code ignore_eos} the output is exactly {@code max_tokens}.
 * A stop sequence may cut the text first ({@code stop}).
 */
public final class OutputPlanner {

    public static final int MIN_DEFAULT_TOKENS = 16;
    public static final int MAX_DEFAULT_TOKENS = 64;

    private OutputPlanner() {
    }

    /** @param room tokens left in the context window after the prompt */
    public static ChoicePlan plan(ChatRequest request, int[] promptTokens, int choice, int room) {
        long seed = seed(request, promptTokens, choice);
        if (request.tool() != null) {
            return toolCall(request.tool(), seed);
        }
        int natural = Math.min(room, PseudoText.length(seed, MIN_DEFAULT_TOKENS, MAX_DEFAULT_TOKENS));
        Integer cap = request.maxTokens();
        int length = cap == null ? natural : request.ignoreEos() ? cap : Math.min(natural, cap);
        boolean limited = cap != null && (request.ignoreEos() || cap < natural);
        List<String> pieces = PseudoText.tokens(seed, Math.max(1, length));
        Stopped stopped = cutAtStop(pieces, request.stop());
        if (stopped != null) {
            return new ChoicePlan(stopped.pieces(), "stop", stopped.stop(), null, null);
        }
        return new ChoicePlan(pieces, limited || length == room ? "length" : "stop", null, null, null);
    }

    private static long seed(ChatRequest request, int[] promptTokens, int choice) {
        long h = request.seed() != null ? SplitMix.mix(request.seed()) : 0x2545F4914F6CDD1DL;
        for (int token : promptTokens) {
            h = SplitMix.mix(h ^ token);
        }
        return SplitMix.mix(h + choice);
    }

    /** Text cut at a stop sequence: the pieces kept, and the sequence that cut them. */
    record Stopped(List<String> pieces, String stop) {
    }

    /** The pieces up to the first stop sequence, the piece completing it kept (possibly emptied); null if none. */
    static Stopped cutAtStop(List<String> pieces, List<String> stops) {
        if (stops == null || stops.isEmpty()) {
            return null;
        }
        String text = String.join("", pieces);
        int cut = -1;
        String matched = null;
        for (String stop : stops) {
            int at = stop.isEmpty() ? -1 : text.indexOf(stop);
            if (at >= 0 && (cut < 0 || at < cut)) {
                cut = at;
                matched = stop;
            }
        }
        if (cut < 0) {
            return null;
        }
        List<String> kept = new ArrayList<>();
        int offset = 0;
        for (String piece : pieces) {
            kept.add(piece.substring(0, Math.max(0, Math.min(piece.length(), cut - offset))));
            offset += piece.length();
            if (offset >= cut + 1) {
                break; // this token completed (or began) the stop sequence: generated, then cut
            }
        }
        return new Stopped(kept, matched);
    }

    /** A call of the tool with a small arguments object filled by parameter type, streamed in 4-character pieces. */
    private static ChoicePlan toolCall(ChatRequest.ToolSpec tool, long seed) {
        StringBuilder json = new StringBuilder("{");
        List<ChatRequest.Parameter> parameters = tool.parameters();
        for (int i = 0; i < Math.min(3, parameters.size()); i++) {
            ChatRequest.Parameter parameter = parameters.get(i);
            json.append(i == 0 ? "" : ", ").append('"').append(escape(parameter.name())).append("\": ")
                    .append(sample(parameter.type(), SplitMix.mix(seed + i)));
        }
        String arguments = json.append('}').toString();
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < arguments.length(); i += 4) {
            pieces.add(arguments.substring(i, Math.min(arguments.length(), i + 4)));
        }
        String id = "call_" + Long.toHexString(SplitMix.mix(seed) & 0xFFFFFFFFFFFFL);
        return new ChoicePlan(pieces, "tool_calls", null, tool.name(), id);
    }

    private static String sample(String type, long seed) {
        return switch (type == null ? "string" : type) {
            case "integer", "number" -> Long.toString(Long.remainderUnsigned(seed, 100));
            case "boolean" -> Boolean.toString((seed & 1) == 0);
            case "array" -> "[]";
            case "object" -> "{}";
            default -> '"' + PseudoText.tokens(seed, 2).stream().reduce("", String::concat).replace(".", "") + '"';
        };
    }

    private static String escape(String name) {
        return name.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
