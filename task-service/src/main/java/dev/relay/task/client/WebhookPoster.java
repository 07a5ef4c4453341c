package dev.relay.task.client;

import dev.relay.task.config.TaskConfig;
import dev.relay.task.persistence.WebhookDeliveryRepository.Due;
import dev.relay.task.service.WebhookSignature;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import org.jboss.logging.Logger;

/**
 * Calls receivers' URLs: one signed POST a delivery, judged by its status alone, to the address the URL check approved
 * (never to one a second lookup of the name might give: DNS rebinding), while the Host header, TLS's server name and
 * the certificate's check stay the URL's host's. Redirects are not followed (a receiver could send the call on to an
 * address the URL check refused), and the answer's body is never read, so a receiver that answers slowly or without
 * end holds nothing past the timeout.
 */
@ApplicationScoped
public class WebhookPoster {

    private static final Logger LOG = Logger.getLogger(WebhookPoster.class);

    /** How an attempt went: the receiver's status (0 if it never answered) and, unless 2xx, why it failed. */
    public record Attempt(int status, String failure) {

        /** A call that never got an answer, described without its message (which may name the URL). */
        public static Attempt unanswered(Throwable failure) {
            Throwable cause = unwrapped(failure);
            if (!(cause instanceof IOException || cause instanceof TimeoutException
                    || cause instanceof VertxException)) {
                // Not the network's doing but a defect, here or in the HTTP client: its stack is what finds it (a
                // retry spent this way was once seen in CI with nothing more than the class's name to go on).
                LOG.warn("a webhook call failed before the network had its say", cause);
            }
            return new Attempt(0, describe(cause));
        }

        public boolean delivered() {
            return failure == null;
        }
    }

    private final HttpClient http;
    private final Duration timeout;

    public WebhookPoster(TaskConfig config, Vertx vertx) {
        this.timeout = config.webhooks().timeout();
        this.http = vertx.createHttpClient(new HttpClientOptions()
                // One request a call: HTTP/2 would gain nothing, and over plain http a receiver would be asked to
                // upgrade to h2c, which some servers refuse.
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                // A connection a call: each goes to the address approved for it just before, and is closed unread.
                .setKeepAlive(false)
                .setVerifyHost(true)
                .setConnectTimeout((int) timeout.toMillis()),
                // Every call the dispatcher has out may go to one receiver: none waits for another's connection.
                new PoolOptions().setHttp1MaxSize(config.webhooks().batchSize()));
    }

    /**
     * Sends the delivery to {@code address}, the one its URL's host was approved at, signed at this moment; the future
     * always completes, with how it went.
     */
    public CompletableFuture<Attempt> post(Due delivery, InetAddress address) {
        URI url = URI.create(delivery.url());
        boolean tls = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() != -1 ? url.getPort() : tls ? 443 : 80;
        long now = System.currentTimeMillis() / 1000;
        RequestOptions call = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(address, port)))
                // The name the Host header, SNI and the certificate's check are for; never looked up again.
                .setHost(url.getHost())
                .setPort(port)
                .setSsl(tls)
                .setURI(pathAndQuery(url))
                .setFollowRedirects(false)
                .setIdleTimeout(timeout.toMillis())
                .putHeader("Content-Type", "application/json")
                .putHeader("User-Agent", "Relay-Webhooks/1")
                .putHeader("webhook-id", delivery.eventId())
                .putHeader("webhook-timestamp", Long.toString(now))
                .putHeader("webhook-signature",
                        WebhookSignature.sign(delivery.secret(), delivery.eventId(), now, delivery.payload()));
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        Future<Attempt> answered = http.request(call).compose(request -> {
            sent.set(request);
            request.exceptionHandler(ignored -> {
                // failures reach the response's future, judged below
            });
            return request.send(delivery.payload());
        }).map(WebhookPoster::judged);
        return answered.toCompletionStage().toCompletableFuture()
                // Whatever the receiver does (a head sent a byte at a time), the call ends within this.
                .orTimeout(timeout.toMillis() * 2, TimeUnit.MILLISECONDS)
                .handle((attempt, failure) -> {
                    if (failure == null) {
                        return attempt;
                    }
                    HttpClientRequest request = sent.get();
                    if (request != null) {
                        request.reset();
                    }
                    return Attempt.unanswered(failure);
                });
    }

    /** The status alone: the body is left unread, its connection closed under it. */
    private static Attempt judged(HttpClientResponse response) {
        response.exceptionHandler(ignored -> {
            // the connection closed below
        });
        response.request().connection().close();
        int status = response.statusCode();
        return status / 100 == 2 ? new Attempt(status, null) : new Attempt(status, "the receiver answered " + status);
    }

    private static String pathAndQuery(URI url) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
    }

    private static Throwable unwrapped(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static String describe(Throwable cause) {
        if (cause instanceof TimeoutException || cause instanceof ConnectTimeoutException) {
            return "no answer within the timeout";
        }
        // Said in words where the network's usual failures are concerned (Netty's own classes, such as
        // AnnotatedConnectException, mean nothing to a receiver's owner); else the exception's class, not its
        // message, which may name the URL.
        if (cause instanceof ConnectException) {
            return "the receiver refused the connection";
        }
        if (cause instanceof SSLException) {
            return "the TLS handshake with the receiver failed";
        }
        return "the call failed: " + cause.getClass().getSimpleName();
    }

    @PreDestroy
    void stop() {
        http.close();
    }
}
