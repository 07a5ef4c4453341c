package dev.relay.billing.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.relay.billing.service.BalanceSnapshot;
import java.math.BigDecimal;

/** {@code {"credits_micro": 4500000, "credits_dollars": 4.5}}: dollars exact, from BigDecimal, never a double. */
public record BalanceView(
        @JsonProperty("credits_micro") long creditsMicro,
        @JsonProperty("credits_dollars") BigDecimal creditsDollars) {

    public static BalanceView of(BalanceSnapshot balance) {
        return new BalanceView(balance.balanceMicro(), Decimals.exact(balance.balanceMicro(), 6));
    }
}
