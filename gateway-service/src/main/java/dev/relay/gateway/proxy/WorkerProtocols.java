package dev.relay.gateway.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.contracts.internal.RouteCandidate;
import dev.relay.gateway.service.ApiFailure;
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

    /** How a route's candidate would take a call: by its protocol, unless that declines it or is not spoken here. */
    public record Fit(WorkerProtocol protocol, ApiFailure declined) {
        public boolean serves() {
            return protocol != null && declined == null;
        }
    }

    /** The candidate's protocol and, if it cannot serve the call as asked, why ({@link WorkerProtocol#cannotServe}). */
    public Fit fit(RouteCandidate candidate, ChatCall call) {
        WorkerProtocol protocol = forName(candidate.protocol()).orElse(null);
        return new Fit(protocol, protocol == null ? null : protocol.cannotServe(call));
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
