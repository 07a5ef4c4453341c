package dev.relay.billing.client;

import dev.relay.billing.config.BillingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * auth-service, which owns accounts, asked whether one exists before credit is added to it: credit for an id no
 * account has (a typo) would be money nobody can spend, and its reference used up. Asked on auth's internal API, so
 * the operator's token stays with billing. Without {@code relay.billing.auth-url} nothing is asked (billing's own
 * tests).
 */
@ApplicationScoped
public class AuthAccounts {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String authUrl;

    public AuthAccounts(BillingConfig config) {
        this.authUrl = config.authUrl().map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url)
                .orElse(null);
    }

    /** Fails (503 to the operator, after retries) when auth cannot say. */
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200)
    public boolean exists(String accountId) {
        if (authUrl == null) {
            return true;
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(authUrl + "/internal/accounts/"
                        + URLEncoder.encode(accountId, StandardCharsets.UTF_8).replace("+", "%20")))
                .timeout(Duration.ofSeconds(3)).GET().build();
        int status;
        try {
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new IllegalStateException("auth-service could not be asked: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking auth-service", e);
        }
        return switch (status) {
            case 200, 204 -> true;
            case 404 -> false;
            default -> throw new IllegalStateException("auth-service answered " + status);
        };
    }
}
