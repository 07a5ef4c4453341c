package dev.relay.settlement.service;

import dev.relay.settlement.client.OpenGpuChain;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when providers can be paid: an operator key, and the last payment round reached the chain. */
@Readiness
@ApplicationScoped
public class ChainReadiness implements HealthCheck {

    private final OpenGpuChain chain;
    private final PaymentRounds rounds;

    public ChainReadiness(OpenGpuChain chain, PaymentRounds rounds) {
        this.chain = chain;
        this.rounds = rounds;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("opengpu-chain").withData("chain_id", chain.chainId());
        if (chain.book().isEmpty()) {
            return response.down().withData("problem", "no operator key: opengpu tasks are recorded, not paid").build();
        }
        response.withData("task_book", chain.book().get().address());
        String problem = rounds.lastProblem();
        return problem == null ? response.up().build() : response.down().withData("problem", problem).build();
    }
}
