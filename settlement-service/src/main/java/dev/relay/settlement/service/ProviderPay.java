package dev.relay.settlement.service;

import dev.relay.contracts.UsageEvent;
import dev.relay.settlement.config.SettlementConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;

/**
 * What a provider earns for one request: its tokens at the payout rates, in micro-dollars rounded down, then in the
 * chain's smallest unit. Integer arithmetic throughout, as in billing.
 */
@ApplicationScoped
public class ProviderPay {

    private static final BigInteger MILLION = BigInteger.valueOf(1_000_000);

    private final SettlementConfig.Payout rates;

    public ProviderPay(SettlementConfig config) {
        this.rates = config.payout();
    }

    public long micro(UsageEvent usage) {
        BigInteger prompt = BigInteger.valueOf(usage.promptTokens())
                .multiply(BigInteger.valueOf(rates.promptPerMillionMicro()));
        BigInteger completion = BigInteger.valueOf(usage.completionTokens())
                .multiply(BigInteger.valueOf(rates.completionPerMillionMicro()));
        return prompt.add(completion).divide(MILLION).longValueExact();
    }

    public BigInteger wei(long micro) {
        return BigInteger.valueOf(micro).multiply(rates.weiPerMicro());
    }
}
