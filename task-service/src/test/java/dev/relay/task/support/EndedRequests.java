package dev.relay.task.support;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The requests whose end handlers ran, by path and query: what Quarkus itself relies on to know a request is over (its
 * count of requests in flight, which a graceful shutdown waits for, is kept that way).
 */
@ApplicationScoped
public class EndedRequests {

    private final Set<String> ended = ConcurrentHashMap.newKeySet();

    void watch(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String uri = ctx.request().uri();
            ctx.addEndHandler(result -> ended.add(uri));
            ctx.next();
        });
    }

    public boolean ended(String uri) {
        return ended.contains(uri);
    }
}
