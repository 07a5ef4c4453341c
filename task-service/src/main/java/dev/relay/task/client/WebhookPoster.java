package dev.relay.task.client;

import dev.relay.task.config.TaskConfig;
import dev.relay.task.persistence.WebhookDeliveryRepository.Due;
import dev.relay.task.service.WebhookSignature;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Calls receivers' URLs: one signed POST a delivery, judged by its status alone. Redirects are not followed (a
 * receiver could send the call on to an address the URL check refused), and the answer's body is never read, so a
 * receiver that answers slowly or without end holds nothing past the timeout.
 */
@ApplicationScoped
public class WebhookPoster {

    /** How an attempt went: the receiver's status (0 if it never answered) and, unless 2xx, why it failed. */
    public record Attempt(int status, String failure) {

        /** A call that never got an answer, described without its message (which may name the URL). */
        public static Attempt unanswered(Throwable failure) {
            return new Attempt(0, describe(failure));
        }

        public boolean delivered() {
            return failure == null;
        }
    }

    private final HttpClient http;
    private final Duration timeout;

    public WebhookPoster(TaskConfig config) {
        this.timeout = config.webhooks().timeout();
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                // One request a call: HTTP/2 would gain nothing, and over plain http the JDK would ask every receiver
                // to upgrade to h2c, which some servers refuse.
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** Sends the delivery, signed at this moment; the future always completes, with how it went. */
    public CompletableFuture<Attempt> post(Due delivery) {
        long now = System.currentTimeMillis() / 1000;
        HttpRequest request = HttpRequest.newBuilder(URI.create(delivery.url()))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Relay-Webhooks/1")
                .header("webhook-id", delivery.eventId())
                .header("webhook-timestamp", Long.toString(now))
                .header("webhook-signature",
                        WebhookSignature.sign(delivery.secret(), delivery.eventId(), now, delivery.payload()))
                .POST(HttpRequest.BodyPublishers.ofString(delivery.payload()))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .orTimeout(timeout.toMillis() * 2, TimeUnit.MILLISECONDS)
                .handle((response, failure) -> {
                    if (failure != null) {
                        return Attempt.unanswered(failure);
                    }
                    close(response.body());
                    int status = response.statusCode();
                    return status / 100 == 2 ? new Attempt(status, null)
                            : new Attempt(status, "the receiver answered " + status);
                });
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
            return "no answer within the timeout";
        }
        // The exception's class, not its message, which may name the URL.
        return "the call failed: " + cause.getClass().getSimpleName();
    }

    private static void close(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // The status is what counts; a body that will not close is the connection's problem.
        }
    }

    @PreDestroy
    void stop() {
        http.close();
    }
}
