package dev.relay.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.gateway.dialect.openai.OpenAiErrors;
import dev.relay.gateway.service.ApiFailure;
import dev.relay.gateway.service.Authenticator;
import dev.relay.gateway.service.Caller;
import dev.relay.gateway.service.RateDecision;
import dev.relay.gateway.service.RateLimiter;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Authenticates and rate-limits every API call before its handler runs, and sets the rate-limit headers on the
 * response. A refused key is counted against its address's guest window, so guessing keys is rate limited too.
 */
@ApplicationScoped
public class Admission {

    static final String CALLER = "relay.caller";

    private final Authenticator authenticator;
    private final RateLimiter limiter;
    private final ObjectMapper json;

    public Admission(Authenticator authenticator, RateLimiter limiter, ObjectMapper json) {
        this.authenticator = authenticator;
        this.limiter = limiter;
        this.json = json;
    }

    void handle(RoutingContext ctx) {
        String address = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
        Uni<Caller> caller = authenticator.authenticate(ctx.request().getHeader("X-API-Key"),
                ctx.request().getHeader("Authorization"), address);
        onLoop(caller, ctx).subscribe().with(
                found -> admit(ctx, found),
                failure -> {
                    ApiFailure refused = Failures.toApi(failure);
                    if (refused.status() == 401) {
                        Caller guest = authenticator.guest(address);
                        onLoop(limiter.admit(guest.rateSubject(), guest.rpmLimit()), ctx).subscribe().with(
                                decision -> {
                                    rateHeaders(ctx, decision);
                                    errors(ctx).write(ctx, refused);
                                },
                                ignored -> errors(ctx).write(ctx, refused));
                    } else {
                        errors(ctx).write(ctx, refused);
                    }
                });
    }

    private void admit(RoutingContext ctx, Caller caller) {
        onLoop(limiter.admit(caller.rateSubject(), caller.rpmLimit()), ctx).subscribe().with(decision -> {
            rateHeaders(ctx, decision);
            if (!decision.allowed()) {
                errors(ctx).write(ctx, new ApiFailure(429, "requests", "rate_limit_exceeded",
                        "Rate limit of " + decision.limit() + " requests per minute reached", null,
                        decision.resetSeconds()));
                return;
            }
            ctx.put(CALLER, caller);
            ctx.next();
        }, failure -> errors(ctx).write(ctx, Failures.toApi(failure)));
    }

    private ErrorWriter errors(RoutingContext ctx) {
        return ErrorWriter.of(ctx, (c, failure) -> OpenAiErrors.write(c, json, failure));
    }

    private static void rateHeaders(RoutingContext ctx, RateDecision decision) {
        ctx.response()
                .putHeader("x-ratelimit-limit-requests", Integer.toString(decision.limit()))
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
