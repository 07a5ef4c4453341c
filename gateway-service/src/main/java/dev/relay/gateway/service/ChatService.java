package dev.relay.gateway.service;

import dev.relay.contracts.internal.ModelPrice;
import dev.relay.contracts.internal.RouteCandidate;
import dev.relay.contracts.internal.RouteDecision;
import dev.relay.contracts.internal.RouteRequest;
import dev.relay.gateway.client.RouterClient;
import dev.relay.gateway.client.WorkerLoadReporter;
import dev.relay.gateway.config.GatewayConfig;
import dev.relay.gateway.messaging.UsagePublisher;
import dev.relay.gateway.proxy.ChatCall;
import dev.relay.gateway.proxy.ChatSink;
import dev.relay.gateway.proxy.WorkerExchange;
import dev.relay.gateway.proxy.WorkerProtocols;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * The paid chat path after authentication and admission: route, reserve the worst case, then run the exchange
 * with the workers, which meters the request exactly once. Nothing here blocks.
 */
@ApplicationScoped
public class ChatService {

    private static final long MICROS_PER_MILLION = 1_000_000L;
    /** Output budget when neither the request nor the price list gives one. */
    private static final int FALLBACK_MAX_TOKENS = 4096;

    private final RouterClient router;
    private final WorkerLoadReporter load;
    private final PriceBook prices;
    private final ChatGate gate;
    private final UsagePublisher usage;
    private final WorkerProtocols protocols;
    private final HttpClient workers;
    private final long workerTimeoutMs;

    public ChatService(RouterClient router, WorkerLoadReporter load, PriceBook prices, ChatGate gate, UsagePublisher usage,
            WorkerProtocols protocols, Vertx vertx, GatewayConfig config) {
        this.router = router;
        this.load = load;
        this.prices = prices;
        this.gate = gate;
        this.usage = usage;
        this.protocols = protocols;
        this.workerTimeoutMs = config.worker().timeout().toMillis();
        this.workers = vertx.createHttpClient(new HttpClientOptions()
                        .setConnectTimeout(config.worker().connectTimeoutMs())
                        .setKeepAlive(true)
                        .setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(config.worker().maxPoolSize()));
    }

    /**
     * Routes, prices and admits (rate window and credit, one Redis call). Fails with a {@link CountedRefusal} (429,
     * 402) once the request was counted, else with an {@link ApiFailure} (403, 404, 400, 401 for guests on paid
     * models, 503) that the caller still has to count in the rate window.
     */
    public Uni<Admitted> admit(Caller caller, ChatCall call) {
        String model = call.requestedModel();
        if (!caller.mayUse(model)) {
            return Uni.createFrom().failure(caller.isGuest() ? keyRequiredFor() : ApiFailure.modelNotAllowed(model));
        }
        RouteRequest request = new RouteRequest(model, call.mode(), caller.tier(), call.prompt().prefixHashes(),
                call.prompt().tokenEstimate()); // the router refuses prompts too long: never overestimate
        return router.route(request)
                .map(outcome -> switch (outcome.status()) {
                    case 404 -> throw ApiFailure.modelNotFound(model);
                    case 503 -> throw ApiFailure.unavailable("No healthy worker serves this model right now");
                    case 400 -> throw outcome.refusal();
                    default -> outcome.decision();
                })
                .chain(decision -> budget(caller, call, decision)
                        // The router counted its first candidate as started: a request that stops here never ran.
                        .onFailure().invoke(() -> releaseFirst(decision)));
    }

    private Uni<Admitted> budget(Caller caller, ChatCall call, RouteDecision decision) {
        String model = call.requestedModel();
        return prices.price(decision.resolvedModel(), model).chain(price -> {
            ChatCall budgeted = call.maxOutputTokens() != null ? call
                    : call.withOutputBudget(price.map(ModelPrice::defaultMaxTokens).filter(t -> t > 0)
                            .orElse(FALLBACK_MAX_TOKENS));
            if (caller.isGuest() && price.filter(ChatService::isPaid).isPresent()) {
                return Uni.createFrom().failure(keyRequiredFor());
            }
            long cost = caller.isGuest() ? 0 : price.map(p -> worstCase(p, budgeted)).orElse(0L);
            return gate.admit(caller, Admitted.modeOf(decision), cost).map(pass -> switch (pass.verdict()) {
                case ADMITTED -> new Admitted(budgeted, decision, pass.reservation(), pass.rate());
                case OVER_LIMIT -> throw new CountedRefusal(ApiFailure.rateLimited(pass.rate()), pass.rate());
                case NO_CREDIT -> throw new CountedRefusal(ApiFailure.insufficientCredits(), pass.rate());
            });
        });
    }

    private void releaseFirst(RouteDecision decision) {
        if (decision.candidates() != null && !decision.candidates().isEmpty()) {
            load.released(decision.candidates().get(0).workerId());
        }
    }

    /** Runs an admitted request; from here on every ending publishes exactly one usage event. */
    public void run(Caller caller, Admitted admitted, ChatSink sink, RequestTiming timing) {
        ChatCall call = admitted.call();
        UsageMeter meter = new UsageMeter(usage, call.requestId(), caller, admitted.billedModel(call.requestedModel()),
                admitted.mode(), admitted.reservation());
        List<RouteCandidate> candidates = admitted.decision().candidates() == null ? List.of()
                : admitted.decision().candidates();
        new WorkerExchange(workers, protocols, load, call, candidates, sink, meter, timing, workerTimeoutMs).start();
    }

    /** Worst case: the prompt's token bound and the whole output budget of every choice, rounded up like billing. */
    static long worstCase(ModelPrice price, ChatCall call) {
        long output = (long) call.maxOutputTokens() * call.choices();
        return ceilMicros(call.prompt().tokenBound(), price.inputPerMillionMicro())
                + ceilMicros(output, price.outputPerMillionMicro());
    }

    private static long ceilMicros(long tokens, long perMillion) {
        return Math.ceilDiv(tokens * perMillion, MICROS_PER_MILLION);
    }

    private static ApiFailure keyRequiredFor() {
        return new ApiFailure(401, "invalid_request_error", "invalid_api_key",
                "This model needs an API key (X-API-Key or Authorization: Bearer)");
    }

    private static boolean isPaid(ModelPrice price) {
        return price.inputPerMillionMicro() > 0 || price.outputPerMillionMicro() > 0;
    }

    void stop(@Observes ShutdownEvent event) {
        workers.close();
    }
}
