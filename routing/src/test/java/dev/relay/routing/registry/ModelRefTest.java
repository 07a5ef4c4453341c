package dev.relay.routing.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelRefTest {

    private static final Set<String> KNOWN = Set.of("Qwen/Qwen3-Coder", "gpt-oss:20b", "Qwen/Qwen2.5-7B", "direct.weird/model");

    private static ModelRef parse(String name) {
        return ModelRef.parse(name, KNOWN::contains);
    }

    @Test
    void splitsModeSourceAndAModelIdContainingSlashes() {
        assertEquals(new ModelRef("direct", "vllm", "Qwen/Qwen3-Coder"), parse("direct.vllm.Qwen/Qwen3-Coder"));
    }

    @Test
    void keepsDotsAndColonsInsideTheModelId() {
        assertEquals(new ModelRef("opengpu", "ollama", "gpt-oss:20b"), parse("opengpu.ollama.gpt-oss:20b"));
        assertEquals(new ModelRef(null, null, "Qwen/Qwen2.5-7B"), parse("Qwen/Qwen2.5-7B"));
    }

    @Test
    void acceptsAModePrefixWithoutSource() {
        assertEquals(new ModelRef("opengpu", null, "Qwen/Qwen2.5-7B"), parse("opengpu.Qwen/Qwen2.5-7B"));
    }

    @Test
    void leavesUnknownPrefixesInTheModelId() {
        assertEquals(new ModelRef(null, null, "fancy.vllm.model"), parse("fancy.vllm.model"));
        assertEquals(new ModelRef("direct", null, "nosuchsource.model"), parse("direct.nosuchsource.model"));
    }

    @Test
    void neverSplitsANameTheRegistryKnowsWhole() {
        assertEquals(new ModelRef(null, null, "direct.weird/model"), parse("direct.weird/model"));
    }
}
