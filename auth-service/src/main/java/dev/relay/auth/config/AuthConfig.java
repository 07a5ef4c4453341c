package dev.relay.auth.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Everything auth-service reads from configuration, under {@code relay.auth}. */
@ConfigMapping(prefix = "relay.auth")
public interface AuthConfig {

    /** Bearer token of the operator API ({@code RELAY_OPERATOR_TOKEN}); absent means the operator API is closed. */
    Optional<String> operatorToken();

    /** Limits per tier name ({@code guest}, {@code basic}, {@code pro}, {@code max}, {@code custom}). */
    Map<String, TierLimits> tiers();

    Keys keys();

    Outbox outbox();

    LastUsed lastUsed();

    interface TierLimits {
        /** Requests per minute across every mode. */
        int rpm();

        /** Requests per minute per mode ({@code direct}, {@code opengpu}). */
        Map<String, Integer> modeRpm();
    }

    interface Keys {
        /** rpm_limit of a key created without one (the Relai default). */
        @WithDefault("60")
        int defaultRpm();

        /** Highest rpm_limit a key may have. */
        @WithDefault("1000")
        int maxRpm();
    }

    interface Outbox {
        /**
         * How often the outbox is checked besides right after each commit: picks up events left by a Kafka outage,
         * a crash or another replica.
         */
        @WithDefault("500ms")
        Duration pollInterval();

        /** How long one publish waits for Kafka's acknowledgement before the batch is retried later. */
        @WithDefault("10s")
        Duration sendTimeout();
    }

    interface LastUsed {
        /** How often coalesced last_used_at values are written, in one batch. */
        @WithDefault("5s")
        Duration flushInterval();
    }
}
