package dev.relay.simulator.service;

import java.util.List;

/**
 * A chat request in the terms both protocols share, already validated by the API layer.
 *
 * @param prompt the rendered conversation (and tool definitions), the text that is tokenized and prefix-cached
 * @param maxTokens the output limit the client asked for, or null: a cap, as in vLLM, unless {@code ignoreEos}
 * @param ignoreEos vLLM's {@code ignore_eos}: generate exactly {@code maxTokens} tokens (benchmarks use it)
 * @param seed the client's seed, or null: output then depends on the prompt alone
 * @param tool the function to call instead of answering in text, or null
 */
public record ChatRequest(String model, String prompt, int n, Integer maxTokens, boolean ignoreEos, List<String> stop,
                          Long seed, ToolSpec tool) {

    /** A function the answer calls, with the JSON-schema property names and types of its parameters. */
    public record ToolSpec(String name, List<Parameter> parameters) {
    }

    public record Parameter(String name, String type) {
    }
}
