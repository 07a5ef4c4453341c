package dev.relay.gateway.service;

import dev.relay.contracts.internal.ModelPrice;
import dev.relay.contracts.internal.RouteDecision;
import dev.relay.gateway.dialect.media.MediaCall;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Admits a media request: the model must be callable by the caller and served by workers of the request's source
 * (an image model at the image endpoint...), and the caller within its rate limits with credit for the most the
 * request can use, held in the same Redis script as chat's. Routed only to learn the model and the mode: the task's
 * executor routes it again when it runs.
 */
@ApplicationScoped
public class MediaAdmission {

    /** An admitted media request: where it was routed (its model and mode), the credit held, its rate window. */
    public record MediaAdmitted(RouteDecision decision, Reservation reservation, RateDecision rate, String billedModel) {

        public String mode() {
            return Admitted.modeOf(decision);
        }
    }

    private final ChatService chat;
    private final PriceBook prices;
    private final ChatGate gate;

    public MediaAdmission(ChatService chat, PriceBook prices, ChatGate gate) {
        this.chat = chat;
        this.prices = prices;
        this.gate = gate;
    }

    /**
     * Fails with a {@link CountedRefusal} once the request was counted (429, 402), else with an {@link ApiFailure}
     * (403, 404, 400 for the wrong endpoint, 503) that the caller still has to count.
     */
    public Uni<MediaAdmitted> admit(Caller caller, MediaCall call) {
        ApiFailure notAllowed = chat.refusalToUse(caller, call.model());
        if (notAllowed != null) {
            return Uni.createFrom().failure(notAllowed);
        }
        if ("opengpu".equals(call.mode())) {
            // Asked for outright: the same answer whether or not an opengpu worker serves the model.
            return Uni.createFrom().failure(directOnly("send `mode` direct or auto, or leave it out"));
        }
        String source = MediaSources.of(call.kind());
        return chat.route(caller, call.model(), call.mode()).chain(decision -> {
            chat.releaseFirst(decision);
            if (!source.equals(decision.source())) {
                return Uni.createFrom().failure(MediaSources.wrongEndpoint(call.model(), decision.source()));
            }
            if ("opengpu".equals(Admitted.modeOf(decision))) {
                return Uni.createFrom().failure(directOnly("no direct worker serves this model"));
            }
            String billed = Admitted.billedModel(decision, call.model());
            return prices.price(billed, call.model()).chain(price -> {
                if (price.isEmpty()) {
                    return Uni.createFrom().failure(ApiFailure.unavailable("Prices are not available yet"));
                }
                long cost = worstCase(price.get(), call);
                return gate.admit(caller, Admitted.modeOf(decision), cost)
                        .map(pass -> verdict(pass, cost, decision, price, billed));
            });
        });
    }

    /**
     * settlement-service pays providers by tokens only: a media task on the OpenGPU Network would be charged, never
     * paid.
     */
    private static ApiFailure directOnly(String why) {
        return new ApiFailure(400, "invalid_request_error", "mode_not_supported",
                "Media tasks run in direct mode only for now: " + why, "mode", null);
    }

    private static MediaAdmitted verdict(ChatGate.Pass pass, long cost, RouteDecision decision,
            Optional<ModelPrice> price, String billed) {
        return switch (pass.verdict()) {
            case OVER_LIMIT -> throw new CountedRefusal(ApiFailure.rateLimited(pass.rate()), pass.rate());
            case NO_CREDIT -> throw new CountedRefusal(ApiFailure.insufficientCredits(cost, pass.availableMicro(),
                    "the most images or seconds it can make or read, at the model's price",
                    "Ask for fewer images or seconds, or add credit."), pass.rate());
            case ADMITTED -> new MediaAdmitted(decision, pass.reservation().pricedAt(price, billed), pass.rate(),
                    billed);
        };
    }

    /**
     * The most the request can cost at {@code price}: its images at the price per image, its seconds at the price per
     * second (to the millisecond, rounded up), as billing charges them; saturating rather than overflowing.
     */
    static long worstCase(ModelPrice price, MediaCall call) {
        return cost(price, call.images(), call.mediaMillis());
    }

    /**
     * What billing charges for images and milliseconds of audio or video at {@code price}: per image, and per second
     * to the millisecond, rounded up. Beyond a long it is more than any balance holds: half of it, so that a token
     * cost still adds without overflow.
     */
    static long cost(ModelPrice price, long images, long mediaMillis) {
        try {
            long perImage = Math.multiplyExact(images, price.perImageMicro());
            long perSecond = Math.ceilDiv(Math.multiplyExact(mediaMillis, price.perSecondMicro()), 1000);
            return Math.min(Math.addExact(perImage, perSecond), Long.MAX_VALUE / 2);
        } catch (ArithmeticException beyondAnyBalance) {
            return Long.MAX_VALUE / 2;
        }
    }
}
