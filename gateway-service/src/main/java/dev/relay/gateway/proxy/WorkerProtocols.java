package dev.relay.gateway.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Optional;

/** The worker protocols the chat path can speak, by the name workers announce. */
@ApplicationScoped
public class WorkerProtocols {

    private final WorkerProtocol vllm;
    private final WorkerProtocol openAi;
    private final WorkerProtocol ollama;

    public WorkerProtocols(ObjectMapper json) {
        this.vllm = new OpenAiProtocol(json, true);
        this.openAi = new OpenAiProtocol(json, false);
        this.ollama = new OllamaProtocol(json);
    }

    public Optional<WorkerProtocol> forName(String protocol) {
        return switch (protocol == null ? "" : protocol.toLowerCase(Locale.ROOT)) {
            case "vllm" -> Optional.of(vllm);
            case "openai" -> Optional.of(openAi);
            case "ollama" -> Optional.of(ollama);
            default -> Optional.empty();
        };
    }
}
