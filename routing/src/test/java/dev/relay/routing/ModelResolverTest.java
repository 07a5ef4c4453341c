package dev.relay.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.relay.routing.registry.ModelRef;
import dev.relay.routing.registry.WorkerDescriptor;
import dev.relay.routing.registry.WorkerRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a client writes as {@code model} and the model it names. */
class ModelResolverTest {

    private final WorkerRegistry registry = new WorkerRegistry();
    private final ModelResolver resolver = new ModelResolver(registry, Map.of("quick", "llama3.2"));

    ModelResolverTest() {
        registry.register(new WorkerDescriptor("w", "http://127.0.0.1:1", "ollama", "direct",
                List.of("llama3.2", "qwen3:latest", "gpt-oss:20b"), 10, "r", "standard", Map.of(),
                WorkerDescriptor.Origin.HEARTBEAT), Instant.now());
    }

    @Test
    void untaggedModelCalledWithTheLatestTagIsThatModel() {
        assertEquals(new ModelRef(null, null, "llama3.2"), resolver.resolve("llama3.2:latest"));
    }

    @Test
    void modelRegisteredWithTheLatestTagAnswersToItsUntaggedName() {
        assertEquals(new ModelRef(null, null, "qwen3:latest"), resolver.resolve("qwen3"));
    }

    @Test
    void latestTagIsDroppedAfterModeAndSourcePrefixes() {
        assertEquals(new ModelRef("direct", "ollama", "llama3.2"), resolver.resolve("direct.ollama.llama3.2:latest"));
    }

    @Test
    void anotherTagIsADifferentModel() {
        assertEquals("gpt-oss:latest", resolver.resolve("gpt-oss:latest").model());
        assertEquals("llama3.2:3b", resolver.resolve("llama3.2:3b").model());
    }

    @Test
    void aNameWithATagAndTheLatestTagNamesNothing() {
        assertEquals("gpt-oss:20b:latest", resolver.resolve("gpt-oss:20b:latest").model());
    }

    @Test
    void aliasResolvesToItsModel() {
        assertEquals("llama3.2", resolver.resolve("quick").model());
    }
}
