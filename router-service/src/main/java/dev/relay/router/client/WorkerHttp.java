package dev.relay.router.client;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/** One non-blocking HTTP client for probing and scraping workers (never on a request's path). */
@ApplicationScoped
public class WorkerHttp {

    private final WebClient client;

    public WorkerHttp(Vertx vertx) {
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setUserAgent("relay-router")
                .setConnectTimeout(1000)
                .setKeepAlive(true)
                .setMaxPoolSize(4)
                .setFollowRedirects(false));
    }

    public Future<HttpResponse<Buffer>> get(String url, long timeoutMs) {
        return client.getAbs(url).timeout(timeoutMs).send();
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
