package dev.relay.gateway.client;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.relay.contracts.internal.ModelPrice;
import dev.relay.gateway.config.GatewayConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/** billing-service's internal API: the price list (cached by the gateway) and the balance (passed through). */
@ApplicationScoped
public class BillingClient {

    private static final TypeReference<List<ModelPrice>> PRICES = new TypeReference<>() {
    };

    private final PeerHttp http;
    private final String base;

    public BillingClient(PeerHttp http, GatewayConfig config) {
        this.http = http;
        this.base = config.billingUrl();
    }

    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    public Uni<List<ModelPrice>> prices() {
        return http.send(HttpMethod.GET, base + "/internal/prices", null).map(response -> {
            if (response.statusCode() != 200) {
                throw new PeerException("billing-service answered " + response.statusCode() + " to the price list");
            }
            return http.read(response, PRICES);
        });
    }

    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 50)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    public Uni<PeerResponse> balance(String accountId) {
        return http.forward(HttpMethod.GET, base + "/internal/accounts/" + accountId + "/balance", null);
    }

    /** The account's metered requests, newest first; {@code limit} and {@code cursor} are passed on as given. */
    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 50)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    public Uni<PeerResponse> usage(String accountId, String limit, String cursor) {
        StringBuilder url = new StringBuilder(base).append("/internal/accounts/").append(accountId).append("/usage");
        char separator = '?';
        for (String[] param : new String[][] {{"limit", limit}, {"cursor", cursor}}) {
            if (param[1] != null) {
                url.append(separator).append(param[0]).append('=')
                        .append(PeerHttp.encode(param[1]));
                separator = '&';
            }
        }
        return http.forward(HttpMethod.GET, url.toString(), null);
    }
}
