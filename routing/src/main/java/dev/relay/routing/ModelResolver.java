package dev.relay.routing;

import dev.relay.routing.registry.ModelRef;
import dev.relay.routing.registry.WorkerRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns what a client wrote into a {@link ModelRef}: a model the registry knows as a whole wins, then an alias,
 * then a {@code mode.source.model} name whose prefixes are known words (and whose rest may again be an alias).
 * As in Ollama, a model without a tag and the same model tagged {@code :latest} are one model.
 */
public final class ModelResolver {

    /** Defaults; configuration overrides or adds to them. */
    static final Map<String, String> DEFAULT_ALIASES = Map.of(
            "smart", "deepseek-ai/DeepSeek-V3.1",
            "fast", "Qwen/Qwen3-Coder",
            "cheap", "gpt-oss:20b");

    private static final String LATEST = ":latest";

    private final WorkerRegistry registry;
    private final Map<String, String> aliases;

    /** @param aliases added to, or overriding, {@link #DEFAULT_ALIASES} */
    public ModelResolver(WorkerRegistry registry, Map<String, String> aliases) {
        this.registry = registry;
        Map<String, String> merged = new TreeMap<>(DEFAULT_ALIASES);
        merged.putAll(aliases);
        this.aliases = Map.copyOf(merged);
    }

    public ModelRef resolve(String name) {
        ModelRef ref = resolveAsWritten(name);
        String twin = registry.knows(ref.model()) ? null : latestTagTwin(ref.model());
        return twin == null ? ref : new ModelRef(ref.mode(), ref.source(), twin);
    }

    private ModelRef resolveAsWritten(String name) {
        if (registry.knows(name)) {
            return new ModelRef(null, null, name);
        }
        String alias = aliases.get(name);
        if (alias != null) {
            return ModelRef.parse(alias, registry::knows);
        }
        ModelRef ref = ModelRef.parse(name, registry::knows);
        String target = aliases.get(ref.model());
        if (target != null && !registry.knows(ref.model())) {
            ModelRef aliased = ModelRef.parse(target, registry::knows);
            return new ModelRef(ref.mode() != null ? ref.mode() : aliased.mode(),
                    ref.source() != null ? ref.source() : aliased.source(), aliased.model());
        }
        return ref;
    }

    /**
     * {@code llama3.2} for {@code llama3.2:latest} and the other way round, when the registry knows that one. A name
     * has one tag at most: {@code gpt-oss:20b:latest} names nothing.
     */
    private String latestTagTwin(String model) {
        String untagged = model.endsWith(LATEST) ? model.substring(0, model.length() - LATEST.length()) : model;
        if (untagged.indexOf(':') >= 0) {
            return null;
        }
        String twin = untagged == model ? model + LATEST : untagged;
        return registry.knows(twin) ? twin : null;
    }

    public Map<String, String> aliases() {
        return new LinkedHashMap<>(aliases);
    }
}
