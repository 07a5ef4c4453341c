package dev.relay.router.api;

import dev.relay.routing.registry.Worker;
import dev.relay.routing.registry.WorkerRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Shows every worker's state on {@code /q/health}. The router itself stays ready when workers are ejected: it
 * still answers (503 {@code no_worker_available}), and it must keep running to readmit them.
 */
@Readiness
@ApplicationScoped
public class WorkersHealthCheck implements HealthCheck {

    private final WorkerRegistry registry;

    public WorkersHealthCheck(WorkerRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("gpu-workers").up();
        int eligible = 0;
        for (Worker worker : registry.all()) {
            String state = worker.eligible() ? "eligible"
                    : worker.lifecycle().name().toLowerCase() + "/" + worker.health().name().toLowerCase();
            builder.withData(worker.id(), state);
            eligible += worker.eligible() ? 1 : 0;
        }
        return builder.withData("eligible", eligible).withData("registered", registry.all().size()).build();
    }
}
