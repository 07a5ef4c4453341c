package dev.relay.gateway.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.contracts.internal.RouteCandidate;
import dev.relay.gateway.service.ApiFailure;
import dev.relay.gateway.service.MediaSources;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
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
        if (protocol == null && MediaSources.ALL.contains(candidate.protocol())) {
            // A chat sent to an image, audio or video model: a 400 naming the endpoint it is called at.
            return new Fit(null, MediaSources.wrongEndpoint(call.requestedModel(), candidate.protocol()));
        }
        return new Fit(protocol, protocol == null ? null : protocol.cannotServe(call));
    }

    /**
     * The first of a route's candidates that can take a call, as a chat's first attempt picks it, with its protocol;
     * when none can, {@code candidate} is null and {@code declined} the first reason given (null if none was).
     */
    public record Choice(RouteCandidate candidate, WorkerProtocol protocol, ApiFailure declined) {
    }

    public Choice firstServing(List<RouteCandidate> candidates, ChatCall call) {
        ApiFailure declined = null;
        for (RouteCandidate candidate : candidates == null ? List.<RouteCandidate>of() : candidates) {
            Fit fit = fit(candidate, call);
            if (fit.serves()) {
                return new Choice(candidate, fit.protocol(), null);
            }
            declined = declined != null ? declined : fit.declined();
        }
        return new Choice(null, null, declined);
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
