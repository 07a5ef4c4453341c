package dev.relay.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.contracts.internal.RouteCandidate;
import dev.relay.contracts.internal.RouteDecision;
import dev.relay.gateway.client.PeerHttp;
import dev.relay.gateway.config.GatewayConfig;
import dev.relay.gateway.proxy.ChatCall;
import dev.relay.gateway.proxy.WorkerProtocol;
import dev.relay.gateway.proxy.WorkerProtocols;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * How many tokens a chat's prompt is, without running it (Anthropic's {@code count_tokens}): counted by a worker the
 * request would be routed to, with the model's own tokenizer and chat template (vLLM's {@code /tokenize}), so that
 * the answer is what the chat would be billed for. Where no such worker serves the model (Ollama has no tokenizer
 * call) or it does not answer in time, the gateway's own estimate, and the answer says which it is. Nothing is held or
 * billed: counting is free, as it is at Anthropic.
 */
@ApplicationScoped
public class PromptTokenCounter {

    private static final Logger LOG = Logger.getLogger(PromptTokenCounter.class);

    /** A prompt's token count, and whether a worker counted it (else it is the gateway's estimate). */
    public record Count(int tokens, boolean byWorker) {
    }

    private final ChatService chat;
    private final WorkerProtocols protocols;
    private final PeerHttp http;
    private final ObjectMapper json;
    private final Duration timeout;

    public PromptTokenCounter(ChatService chat, WorkerProtocols protocols, PeerHttp http, ObjectMapper json,
            GatewayConfig config) {
        this.chat = chat;
        this.protocols = protocols;
        this.http = http;
        this.json = json;
        this.timeout = config.worker().countTimeout();
    }

    /**
     * Fails as a chat would be refused before it runs: a model the caller may not use (403), none serves (404), no
     * worker's context holds the prompt (400), none of the route's workers can take it (502) or none is healthy (503).
     */
    public Uni<Count> count(Caller caller, ChatCall call, RequestTiming timing) {
        ApiFailure notAllowed = chat.refusalToUse(caller, call.requestedModel());
        if (notAllowed != null) {
            return Uni.createFrom().failure(notAllowed);
        }
        Count estimate = new Count(call.prompt().tokenGuess(), false);
        return chat.routeToCount(caller, call).chain(decision -> {
            chat.releaseFirst(decision); // routed only to find the worker the chat would run on; nothing runs there
            return counter(decision, call).map(worker -> byWorker(worker, call, estimate, timing))
                    .orElseGet(() -> Uni.createFrom().item(estimate));
        });
    }

    /**
     * The worker the chat would run on, if it can count: the route's first candidate that can take the call, as the
     * chat's own attempt picks it. Another one (a vLLM worker behind an Ollama one) would count with another chat
     * template than the one the chat is billed by. Fails as the chat would when no candidate can take the call.
     */
    private Optional<Candidate> counter(RouteDecision decision, ChatCall call) {
        WorkerProtocols.Choice choice = protocols.firstServing(decision.candidates(), call);
        if (choice.candidate() == null) {
            throw choice.declined() != null ? choice.declined() : ApiFailure.noWorkerServed();
        }
        return choice.protocol().tokenizeUrl(choice.candidate())
                .map(url -> new Candidate(choice.candidate(), choice.protocol(), url));
    }

    /** The worker's time is kept out of the gateway's own ({@code x-relay-overhead-ms}), as on the chat path. */
    private Uni<Count> byWorker(Candidate worker, ChatCall call, Count estimate, RequestTiming timing) {
        timing.workerStarted();
        return http.send(HttpMethod.POST, worker.url(), worker.protocol().tokenizeBody(call, worker.candidate()),
                        timeout)
                .map(answer -> {
                    JsonNode answered = answer.statusCode() == 200 ? http.read(answer, JsonNode.class) : null;
                    JsonNode count = answered == null ? json.missingNode() : answered.path("count");
                    if (!count.canConvertToInt() || count.asInt() < 0) {
                        LOG.debugf("worker %s did not count the prompt (status %d); the estimate answers",
                                worker.candidate().workerId(), answer.statusCode());
                        return estimate;
                    }
                    return new Count(count.asInt(), true);
                })
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("worker %s could not be asked to count the prompt (%s); the estimate answers",
                            worker.candidate().workerId(), failure.toString());
                    return estimate;
                })
                .eventually(timing::workerStopped);
    }

    private record Candidate(RouteCandidate candidate, WorkerProtocol protocol, String url) {
    }
}
