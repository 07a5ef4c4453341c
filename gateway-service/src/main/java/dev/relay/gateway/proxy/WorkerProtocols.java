package dev.relay.gateway.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Optional;

/** The worker protocols the chat path can speak, by the name workers announce. */
@ApplicationScoped
public class WorkerProtocols {

    private final WorkerProtocol openAi;
    private final WorkerProtocol ollama;

    public WorkerProtocols(ObjectMapper json) {
        this.openAi = new OpenAiProtocol(json);
        this.ollama = new OllamaProtocol(json);
    }

    public Optional<WorkerProtocol> forName(String protocol) {
        return switch (protocol == null ? "" : protocol.toLowerCase(Locale.ROOT)) {
            case "vllm", "openai" -> Optional.of(openAi);
            case "ollama" -> Optional.of(ollama);
            default -> Optional.empty();
        };
    }
}
