package dev.relay.settlement.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;

/** settlement-service's chain, payout and pacing; Kafka channels are under {@code mp.messaging}. */
@ConfigMapping(prefix = "relay.settlement")
public interface SettlementConfig {

    Chain chain();

    Payout payout();

    interface Chain {
        /** JSON-RPC endpoint of the EVM chain (OpenGPU mainnet is chain 1071; locally anvil). */
        String url();

        /** The chain id transactions are signed for (EIP-155), checked against the node's at start. */
        long id();

        /**
         * The operator's private key (hex): the account that owns the TaskBook and pays providers. Without it tasks
         * are recorded but nobody is paid, and readiness says why. Never logged.
         */
        Optional<String> operatorKey();

        /** Blocks on top of a payment (its own included) before it counts as settled and is published. */
        @WithDefault("1")
        int confirmations();

        /** How often pending payments are sent and sent ones looked up (a round asks PostgreSQL three times). */
        @WithDefault("2s")
        Duration pollInterval();

        /** A sent payment the node no longer knows after this long was lost (a restarted node): it is signed again. */
        @WithDefault("60s")
        Duration resendAfter();

        @WithDefault("400000")
        BigInteger gasLimit();
    }

    /**
     * One rate for every model. It must stay below the price of each model opengpu workers serve, or the operator
     * pays a provider more than the customer paid: the defaults are 80 % of the cheapest seeded price
     * ({@code gpt-oss:20b}, 50,000 and 200,000), so that any seeded model may run on opengpu.
     */
    interface Payout {
        /** What a provider earns per million prompt tokens, in micro-dollars. */
        @WithDefault("40000")
        long promptPerMillionMicro();

        /** What a provider earns per million generated tokens, in micro-dollars. */
        @WithDefault("160000")
        long completionPerMillionMicro();

        /** The chain's smallest unit per micro-dollar (10^12: one dollar is one whole coin of 18 decimals). */
        @WithDefault("1000000000000")
        BigInteger weiPerMicro();

        /** The heartbeat label an opengpu worker names its payout address under. */
        @WithDefault("opengpu.payout")
        String label();
    }
}
