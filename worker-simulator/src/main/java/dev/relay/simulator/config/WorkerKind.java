package dev.relay.simulator.config;

import java.util.Locale;

/**
 * What a worker serves, decided by the protocol it advertises: {@code image}, {@code audio} and {@code video} make
 * a media worker serving only that protocol's OpenAI media endpoints; any other protocol ({@code vllm},
 * {@code ollama}, ...) a chat worker serving both chat protocols, as before media existed.
 */
public enum WorkerKind {
    CHAT, IMAGE, AUDIO, VIDEO;

    public static WorkerKind of(String protocol) {
        return switch (protocol.trim().toLowerCase(Locale.ROOT)) {
            case "image" -> IMAGE;
            case "audio" -> AUDIO;
            case "video" -> VIDEO;
            default -> CHAT;
        };
    }
}
