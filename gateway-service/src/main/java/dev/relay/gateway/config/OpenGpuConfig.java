package dev.relay.gateway.config;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** Relay on the OpenGPU chain, as far as the gateway needs it (RELAY_OPENGPU_OPERATOR in application.properties). */
@ConfigMapping(prefix = "relay.opengpu")
public interface OpenGpuConfig {

    /**
     * The account that operates Relay's TaskBook on the chain (a 0x address): where the book lives, and so where each
     * opengpu task lives, follows from it. Absent or empty: not configured, answers name no task address. A value that
     * is not an address stops the gateway from starting ({@code OpenGpuTasks}).
     */
    Optional<String> operator();
}
