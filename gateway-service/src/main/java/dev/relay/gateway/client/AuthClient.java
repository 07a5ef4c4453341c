package dev.relay.gateway.client;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.relay.contracts.internal.KeyIdentity;
import dev.relay.contracts.internal.TierLimits;
import dev.relay.gateway.config.GatewayConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/** auth-service's internal API. An unknown key is an answer (empty), not a failure, so it never opens the breaker. */
@ApplicationScoped
public class AuthClient {

    private static final TypeReference<Map<String, TierLimits>> TIERS = new TypeReference<>() {
    };

    private final PeerHttp http;
    private final String base;

    public AuthClient(PeerHttp http, GatewayConfig config) {
        this.http = http;
        this.base = config.authUrl();
    }

    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 50)
    @CircuitBreaker(requestVolumeThreshold = 50, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    public Uni<Optional<KeyIdentity>> findKey(String keyHash) {
        return http.send(HttpMethod.GET, base + "/internal/keys/" + keyHash, null).map(response -> {
            if (response.statusCode() == 404) {
                return Optional.<KeyIdentity>empty();
            }
            if (response.statusCode() != 200) {
                throw new PeerException("auth-service answered " + response.statusCode() + " to a key lookup");
            }
            return Optional.of(http.read(response, KeyIdentity.class));
        });
    }

    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    public Uni<Map<String, TierLimits>> tiers() {
        return http.send(HttpMethod.GET, base + "/internal/tiers", null).map(response -> {
            if (response.statusCode() != 200) {
                throw new PeerException("auth-service answered " + response.statusCode() + " to the tier list");
            }
            return http.read(response, TIERS);
        });
    }

    /**
     * Account key management is passed through: auth-service's status and body are the answer. The caller's own key
     * ({@code actingKeyId}) goes along: auth lets a key create or revoke only keys that reach no further than it does.
     */
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    public Uni<PeerResponse> forwardKeys(HttpMethod method, String accountId, String keyId, String body,
            String actingKeyId) {
        String url = base + "/internal/accounts/" + accountId + "/keys"
                + (keyId == null ? "" : "/" + PeerHttp.encode(keyId)) + "?acting_key=" + PeerHttp.encode(actingKeyId);
        return http.forward(method, url, body);
    }
}
