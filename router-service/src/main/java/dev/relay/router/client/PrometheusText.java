package dev.relay.router.client;

/**
 * Reads the three vLLM series the scorer needs from a Prometheus text exposition, ignoring everything else.
 * Running and waiting are summed across {@code model_name} (and any other) labels; KV-cache use is the largest
 * value seen (one engine shares one cache). Older vLLM versions call the last one {@code vllm:gpu_cache_usage_perc}.
 */
public final class PrometheusText {

    public static final String RUNNING = "vllm:num_requests_running";
    public static final String WAITING = "vllm:num_requests_waiting";
    public static final String KV_USAGE = "vllm:kv_cache_usage_perc";
    public static final String KV_USAGE_LEGACY = "vllm:gpu_cache_usage_perc";

    /** @param found false when none of the series was present: the endpoint is not a vLLM one */
    public record VllmLoad(int running, int waiting, double kvUsage, boolean found) {
    }

    private PrometheusText() {
    }

    public static VllmLoad parse(String text) {
        double running = 0;
        double waiting = 0;
        double kv = -1;
        double kvLegacy = -1;
        boolean found = false;
        int pos = 0;
        int length = text.length();
        while (pos < length) {
            int end = text.indexOf('\n', pos);
            if (end < 0) {
                end = length;
            }
            if (text.startsWith("vllm:", pos)) {
                String line = text.substring(pos, end);
                String name = nameOf(line);
                double value = valueOf(line);
                if (!Double.isNaN(value)) {
                    switch (name) {
                        case RUNNING -> { running += value; found = true; }
                        case WAITING -> { waiting += value; found = true; }
                        case KV_USAGE -> { kv = Math.max(kv, value); found = true; }
                        case KV_USAGE_LEGACY -> { kvLegacy = Math.max(kvLegacy, value); found = true; }
                        default -> { }
                    }
                }
            }
            pos = end + 1;
        }
        double usage = kv >= 0 ? kv : Math.max(0, kvLegacy);
        return new VllmLoad((int) Math.round(running), (int) Math.round(waiting), Math.min(1.0, usage), found);
    }

    private static String nameOf(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && !Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        return line.substring(0, i);
    }

    /** The sample value: the first token after the labels (a timestamp may follow it). */
    private static double valueOf(String line) {
        int brace = line.lastIndexOf('}');
        String rest = (brace >= 0 ? line.substring(brace + 1) : line.substring(nameOf(line).length())).trim();
        int space = rest.indexOf(' ');
        String token = space < 0 ? rest : rest.substring(0, space);
        try {
            return Double.parseDouble(token);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
