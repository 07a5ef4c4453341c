package dev.relay.simulator.api;

import dev.relay.simulator.service.EngineDriver;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Every endpoint, as plain Vert.x routes on the event loop (nothing here blocks). Both protocols are always served,
 * whatever the worker advertises.
 */
@ApplicationScoped
class Routes {

    private static final long MAX_BODY_BYTES = 16L * 1024 * 1024;

    private final OpenAiChat openAi;
    private final OllamaChat ollama;
    private final Catalog catalog;
    private final EngineDriver engine;
    private final Tokenization tokenization;

    Routes(OpenAiChat openAi, OllamaChat ollama, Catalog catalog, EngineDriver engine, Tokenization tokenization) {
        this.tokenization = tokenization;
        this.openAi = openAi;
        this.ollama = ollama;
        this.catalog = catalog;
        this.engine = engine;
    }

    void register(@Observes Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
        router.post("/v1/chat/completions").handler(body).handler(openAi);
        router.get("/v1/models").handler(catalog::models);
        router.post("/tokenize").handler(body).handler(tokenization);
        router.get("/health").handler(catalog::health);
        router.post("/api/chat").handler(body).handler(ollama);
        router.get("/api/tags").handler(catalog::tags);
        router.get("/api/version").handler(catalog::version);
        router.get("/metrics").handler(ctx -> ctx.response().putHeader("content-type", PrometheusExposition.CONTENT_TYPE)
                .end(PrometheusExposition.render(engine.snapshot())));
    }
}
