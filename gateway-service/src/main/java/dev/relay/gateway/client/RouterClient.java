package dev.relay.gateway.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.contracts.internal.CatalogModel;
import dev.relay.contracts.internal.RouteDecision;
import dev.relay.contracts.internal.RouteRequest;
import dev.relay.contracts.internal.WorkerSignal;
import dev.relay.gateway.config.GatewayConfig;
import dev.relay.gateway.service.ApiFailure;
import dev.relay.routing.RegistrySnapshot;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.jboss.logging.Logger;

/** router-service's internal API. 404 and 503 are answers, not breaker trips. */
@ApplicationScoped
public class RouterClient {

    private static final Logger LOG = Logger.getLogger(RouterClient.class);
    private static final TypeReference<List<CatalogModel>> MODELS = new TypeReference<>() {
    };

    private static final Duration ROUTE_TIMEOUT = Duration.ofSeconds(15);

    private final PeerHttp http;
    private final String base;

    public RouterClient(PeerHttp http, GatewayConfig config) {
        this.http = http;
        this.base = config.routerUrl();
    }

    /**
     * Generous: under a burst (1,000 requests at once on a cold fleet), route calls queue for a pooled connection and
     * for the router's CPU, and that wait counts against the timeout; a timed-out call is not retried, which would
     * only add load where there is too much already. The timeout is the HTTP client's own, a timer on the event loop,
     * not {@code @Timeout}: fault tolerance's timer thread is woken by every call it times, and on a small machine
     * that wake-up, once per chat request, tends to preempt the event loop that made the call.
     */
    @Retry(maxRetries = 1, delay = 50, abortOn = TimeoutException.class)
    @CircuitBreaker(requestVolumeThreshold = 50, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    public Uni<RouteOutcome> route(RouteRequest request) {
        return http.send(HttpMethod.POST, base + "/internal/route", request, ROUTE_TIMEOUT).map(response -> switch (response.statusCode()) {
            case 200 -> new RouteOutcome(200, http.read(response, RouteDecision.class), null);
            case 404, 503 -> new RouteOutcome(response.statusCode(), null, null);
            case 400 -> new RouteOutcome(400, null, refusal(http.read(response, JsonNode.class).path("error")));
            default -> throw new PeerException("router-service answered " + response.statusCode() + " to a route request");
        }).onFailure().invoke(failure -> LOG.warnf("route call failed (counts towards the router breaker): %s",
                failure.toString()));
    }

    /**
     * The router's registry and policy, for the gateway's mirror. Polled often, so neither retried nor behind a
     * breaker: the next poll is the retry, and a failure only leaves the mirror as it was.
     */
    public Uni<RegistrySnapshot> routing(Duration timeout) {
        return http.send(HttpMethod.GET, base + "/internal/routing", null, timeout).map(response -> {
            if (response.statusCode() != 200) {
                throw new PeerException("router-service answered " + response.statusCode() + " to the routing snapshot");
            }
            return http.read(response, RegistrySnapshot.class);
        });
    }

    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 100)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    public Uni<List<CatalogModel>> models() {
        return http.send(HttpMethod.GET, base + "/internal/models", null).map(response -> {
            if (response.statusCode() != 200) {
                throw new PeerException("router-service answered " + response.statusCode() + " to the model list");
            }
            return http.read(response, MODELS);
        });
    }

    /** Fire and forget: load signals must never slow a request down or fail it. */
    public void report(List<WorkerSignal> signals) {
        http.send(HttpMethod.POST, base + "/internal/workers/signals", signals)
                .subscribe().with(response -> {
                    if (response.statusCode() != 204) {
                        LOG.debugf("router refused %d load signals: %d", signals.size(), response.statusCode());
                    }
                }, failure -> LOG.debugf("could not report %d load signals: %s", signals.size(), failure.getMessage()));
    }

    /** The router refuses what no worker can take; its code and message (OpenAI envelope) are meant for the client. */
    private static ApiFailure refusal(JsonNode error) {
        if (!error.path("code").isTextual() || !error.path("message").isTextual()) {
            throw new PeerException("router-service refused a route request without an error");
        }
        return new ApiFailure(400, "invalid_request_error", error.path("code").asText(), error.path("message").asText(),
                error.path("param").isTextual() ? error.path("param").asText() : null, null);
    }
}
