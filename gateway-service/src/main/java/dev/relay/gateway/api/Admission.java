package dev.relay.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.gateway.service.ApiFailure;
import dev.relay.gateway.service.Failures;
import dev.relay.gateway.service.Authenticator;
import dev.relay.gateway.service.Caller;
import dev.relay.gateway.service.CountedRefusal;
import dev.relay.gateway.service.RateDecision;
import dev.relay.gateway.service.RateLimiter;
import dev.relay.gateway.service.RefusedWindows;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Consumer;

/**
 * Authenticates and rate-limits every API call, and sets the rate-limit headers on the response. Wrong keys count in
 * a window of their address's own, apart from its keyless calls: past its limit they are 429s, a signal to stop. A
 * key is still looked up whatever its address did: behind a proxy every client may share one address, and keys are
 * 238-bit random secrets, which no rate of guessing finds.
 */
@ApplicationScoped
public class Admission {

    static final String CALLER = "relay.caller";

    private final Authenticator authenticator;
    private final RateLimiter limiter;
    private final RefusedWindows refusedWindows;
    private final ObjectMapper json;

    public Admission(Authenticator authenticator, RateLimiter limiter, RefusedWindows refusedWindows, ObjectMapper json) {
        this.authenticator = authenticator;
        this.limiter = limiter;
        this.refusedWindows = refusedWindows;
        this.json = json;
    }

    /** Authenticates and counts the call in its rate window (every route but chat, see {@link #authenticate}). */
    void handle(RoutingContext ctx) {
        identify(ctx, caller -> countThen(ctx, caller, () -> {
            ctx.put(CALLER, caller);
            ctx.next();
        }));
    }

    /**
     * Authenticates only: the chat path counts the request in its rate window together with the credit it holds
     * (one Redis call, {@code ChatGate}), and through {@link #refuse} when it is refused before that. A caller
     * refused earlier in its current window is refused here again, before its body is read.
     */
    void authenticate(RoutingContext ctx) {
        identify(ctx, caller -> {
            RateDecision over = refusedWindows.refusedNow(caller);
            if (over != null) {
                refuse(ctx, caller, new CountedRefusal(ApiFailure.rateLimited(over), over), errors(ctx));
                return;
            }
            ctx.put(CALLER, caller);
            ctx.next();
        });
    }

    /** Answers a refused chat request with its rate-limit headers, counting it first unless it already was. */
    void refuse(RoutingContext ctx, Caller caller, Throwable failure, ErrorWriter errors) {
        if (failure instanceof CountedRefusal counted) {
            rateHeaders(ctx, counted.rate());
            errors.write(ctx, counted.failure());
        } else {
            countThen(ctx, caller, () -> errors.write(ctx, Failures.toApi(failure)));
        }
    }

    /** Counts the call; over the limit it is answered 429, else {@code next} runs. A Redis failure is a 503. */
    void countThen(RoutingContext ctx, Caller caller, Runnable next) {
        onLoop(limiter.admit(caller), ctx).subscribe().with(decision -> {
            rateHeaders(ctx, decision);
            if (decision.allowed()) {
                next.run();
            } else {
                errors(ctx).write(ctx, ApiFailure.rateLimited(decision));
            }
        }, failure -> errors(ctx).write(ctx, Failures.toApi(failure)));
    }

    private void identify(RoutingContext ctx, Consumer<Caller> found) {
        String address = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
        String apiKey = ctx.request().getHeader("X-API-Key");
        String authorization = ctx.request().getHeader("Authorization");
        onLoop(authenticator.authenticate(apiKey, authorization, address), ctx).subscribe().with(found, failure -> {
            ApiFailure refused = Failures.toApi(failure);
            if (refused.status() == 401) {
                onLoop(limiter.admit(authenticator.wrongKeys(address)), ctx).subscribe().with(
                        decision -> {
                            rateHeaders(ctx, decision);
                            errors(ctx).write(ctx, decision.allowed() ? refused : ApiFailure.tooManyWrongKeys(decision));
                        },
                        ignored -> errors(ctx).write(ctx, refused));
            } else {
                errors(ctx).write(ctx, refused);
            }
        });
    }

    private ErrorWriter errors(RoutingContext ctx) {
        return ErrorWriter.of(ctx, json);
    }

    static final String LIMIT_HEADER = "x-ratelimit-limit-requests";

    static void rateHeaders(RoutingContext ctx, RateDecision decision) {
        ctx.response()
                .putHeader(LIMIT_HEADER, Integer.toString(decision.limit()))
                .putHeader("x-ratelimit-remaining-requests", Long.toString(decision.remaining()))
                .putHeader("x-ratelimit-reset-requests", decision.resetSeconds() + "s")
                .putHeader("X-RateLimit-Remaining", Long.toString(decision.remaining()));
    }

    /** Continues on the request's event loop, whatever thread a client or fault-tolerance timer answered on. */
    static <T> Uni<T> onLoop(Uni<T> uni, RoutingContext ctx) {
        Context context = Vertx.currentContext() != null ? Vertx.currentContext() : ctx.vertx().getOrCreateContext();
        return uni.emitOn(task -> {
            if (Vertx.currentContext() == context) {
                task.run();
            } else {
                context.runOnContext(ignored -> task.run());
            }
        });
    }
}
