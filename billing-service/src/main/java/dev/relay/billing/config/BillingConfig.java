package dev.relay.billing.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "relay.billing")
public interface BillingConfig {

    /** Bearer token of the operator API; absent or blank closes it. */
    Optional<String> operatorToken();

    /** auth-service, asked whether an account exists before a top-up; absent: not asked. */
    Optional<String> authUrl();

    /** Prices inserted as version 1 for models that have none yet. */
    List<PriceSeed> prices();

    /** Charged (and logged) for a model without a price: an event is never dropped. */
    DefaultPrice defaultPrice();

    /**
     * How long after a price version is superseded a request held at it is still charged it (when lower than the
     * price in force as it ended). Above the longest request plus the gateways' price refresh (30 s): within it, no
     * request is charged more than the price it was admitted at; past it, a gateway still holding at a superseded
     * price (cut off from billing) is charged the current one, up to each request's hold.
     */
    @WithDefault("1h")
    Duration heldPriceGrace();

    Usage usage();

    Reservations reservations();

    interface PriceSeed {
        String model();

        long inputPerMillionMicro();

        long outputPerMillionMicro();

        @WithDefault("0")
        long perImageMicro();

        @WithDefault("0")
        long perSecondMicro();

        @WithDefault("4096")
        int defaultMaxTokens();
    }

    interface DefaultPrice {
        @WithDefault("1000000")
        long inputPerMillionMicro();

        @WithDefault("4000000")
        long outputPerMillionMicro();

        /** An unpriced image model's images, and what gateways hold for them. */
        @WithDefault("40000")
        long perImageMicro();

        /** An unpriced audio or video model's seconds (produced or transcribed), and what gateways hold for them. */
        @WithDefault("5000")
        long perSecondMicro();
    }

    interface Usage {
        @WithDefault("relay.usage")
        String topic();

        @WithDefault("billing-service")
        String groupId();

        /** Off only for tools that want the REST API without consuming. */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("5000")
        int maxPollRecords();

        /** Pause before retrying a batch whose transaction or Redis settlement failed. */
        @WithDefault("1s")
        Duration retryBackoff();
    }

    /**
     * Releasing reservations nobody settles: a gateway that crashed between reserving and publishing the usage event
     * leaves one behind, and it would hold that much of the account's credit forever.
     */
    interface Reservations {
        /**
         * How long a reservation may stay open, counted from when a sweep first saw it. Far above the gateway's
         * longest request (its worker timeout, 300 s by default, bounds each wait for a worker) plus the usage
         * event's publishing retries (5 x 30 s) and consumer lag: a reservation released early is still charged in
         * full when its event arrives, but meanwhile the account could overdraw by up to that amount.
         */
        @WithDefault("1h")
        Duration horizon();

        @WithDefault("1m")
        Duration sweepInterval();

        /** Redis glob of the account ids swept (tests confine the sweeper to their own accounts). */
        @WithDefault("*")
        String accounts();
    }
}
