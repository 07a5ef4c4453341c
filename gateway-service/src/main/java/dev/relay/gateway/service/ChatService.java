package dev.relay.gateway.service;

import dev.relay.contracts.internal.ModelPrice;
import dev.relay.contracts.internal.RouteCandidate;
import dev.relay.contracts.internal.RouteDecision;
import dev.relay.contracts.internal.RouteRequest;
import dev.relay.gateway.client.RouterClient;
import dev.relay.gateway.client.RouterMirror;
import dev.relay.gateway.client.WorkerLoadReporter;
import dev.relay.gateway.config.GatewayConfig;
import dev.relay.gateway.messaging.UsagePublisher;
import dev.relay.gateway.proxy.ChatCall;
import dev.relay.gateway.proxy.ChatSink;
import dev.relay.gateway.proxy.HeldSink;
import dev.relay.gateway.proxy.WorkerExchange;
import dev.relay.gateway.proxy.WorkerProtocol;
import dev.relay.gateway.proxy.WorkerProtocols;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The paid chat path after authentication and admission: route, reserve the worst case, then run the exchange
 * with the workers, which meters the request exactly once. Nothing here blocks.
 */
// Made at startup, on no Vert.x context: a client made on a request's event loop belongs to the HTTP server's verticle,
// which shutdown undeploys first, closing the client under the requests the shutdown wait is for.
@Startup
@ApplicationScoped
public class ChatService {

    private static final Logger LOG = Logger.getLogger(ChatService.class);
    private static final long MICROS_PER_MILLION = 1_000_000L;
    private static final Duration CUT_OFF_WAIT = Duration.ofSeconds(2);
    /** Output budget when neither the request nor the price list gives one. */
    private static final int FALLBACK_MAX_TOKENS = 4096;

    private final RouterClient router;
    private final RouterMirror mirror;
    private final WorkerLoadReporter load;
    private final PriceBook prices;
    private final ChatGate gate;
    private final AdmittedLately lately;
    private final UsagePublisher usage;
    private final WorkerProtocols protocols;
    private final HttpClient workers;
    private final long workerTimeoutMs;
    private final UnsettledRequests unsettled;
    private final Duration shutdownWait;

    public ChatService(RouterClient router, RouterMirror mirror, WorkerLoadReporter load, PriceBook prices,
            ChatGate gate, AdmittedLately lately, UsagePublisher usage, WorkerProtocols protocols, Vertx vertx,
            UnsettledRequests unsettled, GatewayConfig config) {
        this.unsettled = unsettled;
        this.shutdownWait = config.worker().shutdownWait();
        this.router = router;
        this.lately = lately;
        this.mirror = mirror;
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
     * Routes, prices and admits. The router and Redis (rate windows and credit hold, one script) are asked at the same
     * time, so a request waits for the slower of the two instead of both in turn. Redis needs a price and a mode
     * before the router has named the model and the mode, so the hold assumes the requested name's price and the
     * requested mode ({@code direct} for auto, which prefers it). When the router's answer differs (an alias, an auto
     * request sent to opengpu) the admission is withdrawn and made again with the router's answer. Fails with a
     * {@link CountedRefusal} once the request was counted, else with an {@link ApiFailure} (403, also for guests
     * on models outside their list, 503 when Redis fails) that the caller still has to count in the rate window.
     */
    public Uni<Admitted> admit(Caller caller, ChatCall call) {
        ApiFailure notAllowed = refusalToUse(caller, call.requestedModel());
        if (notAllowed != null) {
            return Uni.createFrom().failure(notAllowed);
        }
        String assumedMode = "opengpu".equals(call.mode()) ? "opengpu" : "direct";
        return noted(caller, prices.price(call.requestedModel()).chain(assumed -> Uni.combine().all()
                .unis(Attempt.of(route(caller, call)), Attempt.of(gate(caller, call, assumed, assumedMode))).asTuple()
                .chain(both -> settle(caller, call, assumed, assumedMode, both.getItem1(), both.getItem2()))), false);
    }

    /**
     * A request sent to its worker before its admission is decided: {@code assumed} is what runs, with the credit it
     * holds if admitted but no rate decision yet, and {@code verdict} is its admission, as {@link #admit}'s (failing
     * with a {@link CountedRefusal} when refused). See {@link #early}.
     */
    public record Early(Admitted assumed, Uni<Admitted> verdict) {
    }

    /**
     * The request as an {@link Early} one when it may go to its worker while Redis decides its admission, so that the
     * client waits for the slower of the two instead of both in turn: an account admitted lately ({@link AdmittedLately}),
     * a synchronous call, a route decided here on the mirror and a price list in hand, so that the hold is made once,
     * at the price and in the mode the request runs. Else null, and {@link #admit} comes first.
     */
    public Early early(Caller caller, ChatCall call) {
        if (call.async() || !mayUse(caller, call.requestedModel()) || !prices.loaded()
                || !lately.tryEarly(caller, System.currentTimeMillis())) {
            return null;
        }
        RouteDecision decision = routeOnMirror(routeRequest(caller, call));
        if (decision == null) {
            lately.giveBack(caller);
            return null;
        }
        Optional<ModelPrice> price = prices.inHand(decision.resolvedModel(), call.requestedModel());
        Reservation held = Reservation.of(worstCase(call, price))
                .pricedAt(price, Admitted.billedModel(decision, call.requestedModel()));
        Uni<Admitted> verdict = gate.admit(caller, Admitted.modeOf(decision), held)
                .map(pass -> verdict(caller, call, price, decision, pass));
        return new Early(new Admitted(budgeted(call, price), decision, held, null), noted(caller, verdict, true));
    }

    /** Remembers whether the account was admitted, for {@link #early}. */
    private Uni<Admitted> noted(Caller caller, Uni<Admitted> admission, boolean early) {
        return admission.invoke(admitted -> lately.admitted(caller, System.currentTimeMillis(), early))
                .onFailure().invoke(failure -> lately.refused(caller));
    }

    /**
     * Where the call may run: decided here on the mirror of the router's registry, else by the router, whose refusals
     * (404, 503, 400) fail as the client's answers.
     */
    public Uni<RouteDecision> route(Caller caller, ChatCall call) {
        return route(call.requestedModel(), routeRequest(caller, call));
    }

    /**
     * Where a request for {@code model} may run when it has no prompt to place (a media task): the same mirror and
     * router, the same refusals.
     */
    public Uni<RouteDecision> route(Caller caller, String model, String mode) {
        return route(model, new RouteRequest(model, mode, caller.tier(), List.of(), 0));
    }

    /**
     * Where the call would run, to count its prompt there: routed as a chat is, except that its prompt's prefixes are
     * not given, so the worker chosen is not credited with a cache of a prompt that never runs on it.
     */
    public Uni<RouteDecision> routeToCount(Caller caller, ChatCall call) {
        return route(call.requestedModel(), routeRequest(caller, call, List.of()));
    }

    private Uni<RouteDecision> route(String model, RouteRequest request) {
        RouteDecision local = routeOnMirror(request);
        if (local != null) {
            return Uni.createFrom().item(local);
        }
        return router.route(request)
                .map(outcome -> switch (outcome.status()) {
                    case 404 -> throw ApiFailure.modelNotFound(model);
                    case 503 -> throw ApiFailure.unavailable("No healthy worker serves this model right now");
                    case 400 -> throw outcome.refusal();
                    default -> outcome.decision();
                })
                .invoke(decision -> first(decision).ifPresent(load::routedByRouter));
    }

    /** The mirror's route, counted on its first candidate; null when the mirror cannot decide. */
    private RouteDecision routeOnMirror(RouteRequest request) {
        RouteDecision local = mirror.route(request);
        if (local != null) {
            first(local).ifPresent(load::routedLocally);
        }
        return local;
    }

    private static RouteRequest routeRequest(Caller caller, ChatCall call) {
        return routeRequest(caller, call, call.prompt().prefixHashes());
    }

    private static RouteRequest routeRequest(Caller caller, ChatCall call, List<Long> prefixHashes) {
        return new RouteRequest(call.requestedModel(), call.mode(), caller.tier(), prefixHashes,
                call.prompt().tokenEstimate()); // the router refuses prompts too long: never overestimate
    }

    /** The worker a route counted the request on: its first candidate (a route without any is refused anyway). */
    private static Optional<String> first(RouteDecision decision) {
        return decision.candidates() == null || decision.candidates().isEmpty() ? Optional.empty()
                : Optional.of(decision.candidates().get(0).workerId());
    }

    private Uni<Admitted> settle(Caller caller, ChatCall call, Optional<ModelPrice> assumed, String assumedMode,
            Attempt<RouteDecision> routed, Attempt<ChatGate.Pass> gated) {
        if (gated.failure() != null) {
            if (routed.failure() == null) {
                releaseFirst(routed.value());
            }
            return Uni.createFrom().failure(gated.failure());
        }
        ChatGate.Pass pass = gated.value();
        if (routed.failure() != null) {
            // Answered anyway (404, 400, 503): counted in the caller's own window like any refusal, nothing held.
            ApiFailure answer = pass.verdict() == ChatGate.Verdict.OVER_LIMIT ? ApiFailure.rateLimited(pass.rate())
                    : Failures.toApi(routed.failure());
            return gate.withdraw(caller, pass, true).onFailure().recoverWithNull()
                    .chain(() -> Uni.createFrom().failure(new CountedRefusal(answer, pass.rate())));
        }
        RouteDecision decision = routed.value();
        // Priced as billing will charge it: under the model the route resolved, else billing's default price.
        String billed = Admitted.billedModel(decision, call.requestedModel());
        return prices.price(billed).chain(price -> {
            // A guest's count does not depend on price or mode; a keyed caller's hold and mode window do.
            boolean asAssumed = caller.isGuest()
                    || price.equals(assumed) && Admitted.modeOf(decision).equals(assumedMode);
            // Otherwise admitted again, now at the router's price and mode.
            return asAssumed ? Uni.createFrom().item(() -> verdict(caller, call, price, decision, pass))
                    : gate.withdraw(caller, pass, false)
                            .chain(() -> gate(caller, call, price, Admitted.modeOf(decision)))
                            .map(again -> verdict(caller, call, price, decision, again));
        }).onFailure().invoke(() -> releaseFirst(decision));
    }

    /** Counts the call and holds its worst case at {@code price} (guests: counted only). */
    private Uni<ChatGate.Pass> gate(Caller caller, ChatCall call, Optional<ModelPrice> price, String mode) {
        return gate.admit(caller, mode, caller.isGuest() ? 0 : worstCase(call, price));
    }

    private static Admitted verdict(Caller caller, ChatCall call, Optional<ModelPrice> price, RouteDecision decision,
            ChatGate.Pass pass) {
        return switch (pass.verdict()) {
            case OVER_LIMIT -> throw new CountedRefusal(ApiFailure.rateLimited(pass.rate()), pass.rate());
            case NO_CREDIT -> throw new CountedRefusal(
                    ApiFailure.insufficientCredits(worstCase(call, price), pass.availableMicro()), pass.rate());
            case ADMITTED -> {
                if (caller.isGuest() && price.filter(ChatService::isPaid).isPresent()) {
                    throw new CountedRefusal(keyRequiredFor(), pass.rate());
                }
                yield new Admitted(budgeted(call, price), decision,
                        pass.reservation().pricedAt(price, Admitted.billedModel(decision, call.requestedModel())),
                        pass.rate());
            }
        };
    }

    /** The call with an output budget: the client's, else the model's default, else {@link #FALLBACK_MAX_TOKENS}. */
    private static ChatCall budgeted(ChatCall call, Optional<ModelPrice> price) {
        return call.maxOutputTokens() != null ? call
                : call.withOutputBudget(price.map(ModelPrice::defaultMaxTokens).filter(t -> t > 0)
                        .orElse(FALLBACK_MAX_TOKENS));
    }

    /** A step's item or its failure, so that two steps run at once can both be looked at. */
    private record Attempt<T>(T value, Throwable failure) {
        static <T> Uni<Attempt<T>> of(Uni<T> step) {
            return step.map(value -> new Attempt<T>(value, null))
                    .onFailure().recoverWithItem(failure -> new Attempt<T>(null, failure));
        }
    }

    /**
     * Whether the caller's list (a restricted key's, the guests') lets it call this name: the name itself, or the
     * model it resolves to, so that an alias ({@code cheap}) or a catalog id ({@code direct.ollama.gpt-oss:20b}) of an
     * allowed model is allowed too.
     */
    private boolean mayUse(Caller caller, String name) {
        return caller.mayUse(name) || caller.mayUse(mirror.modelOf(name));
    }

    /** Why the caller may not call the model a name asks for (a 403: a restricted key's, a guest's), or null. */
    public ApiFailure refusalToUse(Caller caller, String name) {
        return mayUse(caller, name) ? null : caller.isGuest() ? keyRequiredFor() : ApiFailure.modelNotAllowed(name);
    }

    /** Undoes the count of a route's first candidate for a routed request that will not run there. */
    public void releaseFirst(RouteDecision decision) {
        first(decision).ifPresent(load::released);
    }

    /**
     * Why no worker of the route can serve the call as asked ({@link WorkerProtocol#cannotServe}: {@code n} above 1 for
     * Ollama's only), or null when one can. An async request is refused with it at once, as a synchronous one is,
     * instead of failing when it runs.
     */
    public ApiFailure declinedByEveryWorker(ChatCall call, RouteDecision decision) {
        return protocols.firstServing(decision.candidates(), call).declined();
    }

    /**
     * Runs an admitted request as task {@code taskId} (the id its answer names); from here on every ending publishes
     * exactly one usage event.
     */
    public void run(Caller caller, Admitted admitted, ChatSink sink, RequestTiming timing, String taskId) {
        ChatCall call = admitted.call();
        run(admitted, sink, timing, new UsageMeter(usage, call.requestId(), taskId, caller,
                admitted.billedModel(call.requestedModel()), admitted.mode(), admitted.reservation()));
    }

    /**
     * Runs an {@link Early} request: once its verdict is in, {@link WorkerExchange#admitted} publishes its one usage
     * event (and {@code sink} must be opened), or {@link WorkerExchange#abandon} ends it without any.
     */
    public WorkerExchange runEarly(Caller caller, Admitted assumed, HeldSink sink, RequestTiming timing,
            String taskId) {
        ChatCall call = assumed.call();
        return run(assumed, sink, timing, UsageMeter.beforeAdmission(usage, call.requestId(), taskId, caller,
                assumed.billedModel(call.requestedModel()), assumed.mode(), assumed.reservation()));
    }

    /** Runs an admitted request metered by the given meter. */
    public WorkerExchange run(Admitted admitted, ChatSink sink, RequestTiming timing, UsageMeter meter) {
        unsettled.started();
        return start(admitted, sink, timing, meter);
    }

    /**
     * Runs an async task's admitted request (its meter names the usage event after the task), unless this gateway is
     * shutting down: then nothing starts, the route's first worker is released, and the answer is false.
     */
    public boolean runTask(Admitted admitted, ChatSink sink, RequestTiming timing, UsageMeter meter) {
        if (!unsettled.startUnlessShuttingDown()) {
            releaseFirst(admitted.decision());
            return false;
        }
        start(admitted, sink, timing, meter);
        return true;
    }

    private WorkerExchange start(Admitted admitted, ChatSink sink, RequestTiming timing, UsageMeter meter) {
        ChatCall call = admitted.call();
        List<RouteCandidate> candidates = admitted.decision().candidates() == null ? List.of()
                : admitted.decision().candidates();
        WorkerExchange exchange = new WorkerExchange(workers, protocols, load, call, candidates, sink, meter, timing,
                workerTimeoutMs);
        meter.whenSettled(unsettled::settled);
        try {
            exchange.start();
        } catch (RuntimeException bug) {
            meter.refused(); // never to be metered: not waited for at shutdown either
            throw bug;
        }
        return exchange;
    }

    /** {@link #worstCase(ModelPrice, ChatCall)} of the call with its output budget at {@code price}; 0 unpriced. */
    private static long worstCase(ChatCall call, Optional<ModelPrice> price) {
        return price.map(p -> worstCase(p, budgeted(call, price))).orElse(0L);
    }

    /** Worst case: the prompt's token bound and the whole output budget of every choice, rounded up like billing. */
    static long worstCase(ModelPrice price, ChatCall call) {
        return cost(price, call.prompt().tokenBound(), (long) call.maxOutputTokens() * call.choices());
    }

    /** What billing charges for these counts at {@code price}: each part rounded up, as {@link #worstCase}. */
    static long cost(ModelPrice price, long promptTokens, long completionTokens) {
        return ceilMicros(promptTokens, price.inputPerMillionMicro())
                + ceilMicros(completionTokens, price.outputPerMillionMicro());
    }

    /** Beyond a long it is more than any balance holds: refused with 402, never wrapped round to a negative cost. */
    private static long ceilMicros(long tokens, long perMillion) {
        try {
            return Math.ceilDiv(Math.multiplyExact(tokens, perMillion), MICROS_PER_MILLION);
        } catch (ArithmeticException beyondAnyBalance) {
            return Long.MAX_VALUE / 2; // two parts of this still add up without overflow
        }
    }

    private static ApiFailure keyRequiredFor() {
        // 403, not 401: no key is a valid way to call (the guest tier); this model is just not among the guests'.
        return new ApiFailure(403, "invalid_request_error", "model_requires_key",
                "This model needs an API key (X-API-Key or Authorization: Bearer)", "model", null);
    }

    private static boolean isPaid(ModelPrice price) {
        return price.inputPerMillionMicro() > 0 || price.outputPerMillionMicro() > 0;
    }

    /**
     * Before the usage publisher closes (observers of a lower priority run first): async tasks stop starting here,
     * requests still running, such as those whose client left, get {@code shutdown-wait} to finish and be metered,
     * then worker connections close.
     */
    void stop(@Observes @Priority(Interceptor.Priority.APPLICATION) ShutdownEvent event) {
        unsettled.beginShutdown();
        try {
            if (unsettled.count() > 0 && !unsettled.awaitNone(shutdownWait)) {
                LOG.warnf("shutting down with %d request(s) still running on workers: they are cut off, and billed "
                        + "what was counted if their usage is out before the publisher closes", unsettled.count());
            }
            closeWorkers();
            // Exchanges cut off by the close end on their event loops and publish then: let them, briefly.
            unsettled.awaitNone(CUT_OFF_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the publisher's own stop still runs and flushes what it has
            closeWorkers();
        }
    }

    /** Closes the worker connections, marked first so that what fails under the close is known as cut off. */
    private void closeWorkers() {
        unsettled.closingWorkers();
        workers.close();
    }
}
