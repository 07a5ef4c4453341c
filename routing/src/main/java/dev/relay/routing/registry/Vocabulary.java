package dev.relay.routing.registry;

import java.util.Set;

/** The known words of the {@code mode.source.model} naming scheme. */
public final class Vocabulary {

    public static final String DIRECT = "direct";
    public static final String OPENGPU = "opengpu";
    public static final String AUTO = "auto";
    public static final Set<String> MODES = Set.of(DIRECT, OPENGPU);
    public static final Set<String> SOURCES = Set.of("vllm", "openai", "ollama", "anthropic", "image", "audio", "video");

    private Vocabulary() {
    }
}
