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

    /** Prices inserted as version 1 for models that have none yet. */
    List<PriceSeed> prices();

    /** Charged (and logged) for a model without a price: an event is never dropped. */
    DefaultPrice defaultPrice();

    Usage usage();

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
}
