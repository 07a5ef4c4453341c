package dev.relay.gateway.service;

/**
 * A chat request refused after {@link ChatGate} counted it: the rate decision travels with the refusal, so the
 * answer carries the rate-limit headers without counting the request a second time.
 */
public final class CountedRefusal extends RuntimeException {

    private final ApiFailure failure;
    private final RateDecision rate;

    public CountedRefusal(ApiFailure failure, RateDecision rate) {
        super(failure.getMessage(), null, false, false);
        this.failure = failure;
        this.rate = rate;
    }

    public ApiFailure failure() {
        return failure;
    }

    public RateDecision rate() {
        return rate;
    }
}
