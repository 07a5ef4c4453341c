package dev.relay.simulator.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.simulator.config.SimulatorConfig;
import dev.relay.simulator.config.WorkerKind;
import dev.relay.simulator.service.EngineDriver;
import dev.relay.simulator.service.MediaQueue;
import dev.relay.simulator.service.MediaRejected;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Every endpoint, as plain Vert.x routes on the event loop (nothing here blocks). A chat worker serves both chat
 * protocols, whatever it advertises; a media worker serves only its protocol's media endpoints, and answers anything
 * else (chat included) with a 404 in OpenAI's envelope. Every worker has {@code /v1/models}, {@code /health} and
 * {@code /metrics}.
 */
@ApplicationScoped
class Routes {

    private static final Logger LOG = Logger.getLogger(Routes.class);
    private static final long MAX_BODY_BYTES = 16L * 1024 * 1024;

    private final SimulatorConfig config;
    private final ObjectMapper json;
    private final OpenAiChat openAi;
    private final OllamaChat ollama;
    private final Catalog catalog;
    private final EngineDriver engine;
    private final Tokenization tokenization;
    private final MediaQueue mediaQueue;
    private final ImageGenerations images;
    private final SpeechSynthesis speech;
    private final Transcriptions transcriptions;
    private final Videos videos;

    Routes(SimulatorConfig config, ObjectMapper json, OpenAiChat openAi, OllamaChat ollama, Catalog catalog,
           EngineDriver engine, Tokenization tokenization, MediaQueue mediaQueue, ImageGenerations images,
           SpeechSynthesis speech, Transcriptions transcriptions, Videos videos) {
        this.config = config;
        this.json = json;
        this.tokenization = tokenization;
        this.openAi = openAi;
        this.ollama = ollama;
        this.catalog = catalog;
        this.engine = engine;
        this.mediaQueue = mediaQueue;
        this.images = images;
        this.speech = speech;
        this.transcriptions = transcriptions;
        this.videos = videos;
    }

    void register(@Observes Router router) {
        WorkerKind kind = config.kind();
        router.get("/v1/models").handler(catalog::models);
        router.get("/health").handler(catalog::health);
        if (kind == WorkerKind.CHAT) {
            chat(router);
        } else {
            media(router, kind);
        }
    }

    private void chat(Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
        router.post("/v1/chat/completions").handler(body).handler(openAi);
        router.post("/tokenize").handler(body).handler(tokenization);
        router.post("/api/chat").handler(body).handler(ollama);
        router.get("/api/tags").handler(catalog::tags);
        router.get("/api/version").handler(catalog::version);
        router.get("/metrics").handler(ctx -> ctx.response().putHeader("content-type", PrometheusExposition.CONTENT_TYPE)
                .end(PrometheusExposition.render(engine.snapshot())));
    }

    private void media(Router router, WorkerKind kind) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
        switch (kind) {
            case IMAGE -> router.post("/v1/images/generations").handler(body).handler(images);
            case AUDIO -> {
                router.post("/v1/audio/speech").handler(body).handler(speech);
                router.post("/v1/audio/transcriptions").handler(new RawBody(Transcriptions.MAX_BODY_BYTES))
                        .handler(transcriptions);
            }
            case VIDEO -> {
                // Room for an input_reference picture in a multipart create.
                router.post("/v1/videos").handler(new RawBody(Transcriptions.MAX_BODY_BYTES)).handler(videos::create);
                router.get("/v1/videos/:id").handler(videos::get);
                router.get("/v1/videos/:id/content").handler(videos::content);
                router.delete("/v1/videos/:id").handler(videos::delete);
            }
            case CHAT -> throw new IllegalStateException("a chat worker has no media endpoints");
        }
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("content-type", PrometheusExposition.CONTENT_TYPE)
                .end(PrometheusExposition.renderMedia(mediaQueue.load())));
        router.route().last().handler(ctx -> OpenAiErrors.send(json, ctx, new MediaRejected(404,
                MediaRejected.INVALID_REQUEST, null, "unknown_url", "Invalid URL (" + ctx.request().method() + " "
                + ctx.request().path() + "): this worker (protocol " + config.protocol() + ") does not serve it.")));
        router.route().failureHandler(this::mediaFailure);
    }

    /** Failures outside the handlers (a body over its limit, a bug) still answer in OpenAI's envelope. */
    private void mediaFailure(RoutingContext ctx) {
        int status = ctx.statusCode();
        if (ctx.failure() instanceof MediaRejected rejected) {
            OpenAiErrors.send(json, ctx, rejected);
        } else if (status == 413) {
            OpenAiErrors.send(json, ctx, new MediaRejected(413, MediaRejected.INVALID_REQUEST, null,
                    "request_too_large", "The request body is larger than this endpoint accepts."));
        } else if (status >= 400 && status < 500) {
            OpenAiErrors.send(json, ctx, new MediaRejected(status, MediaRejected.INVALID_REQUEST, null, null,
                    "The request was refused (HTTP " + status + ")."));
        } else {
            LOG.warnf(ctx.failure(), "%s %s failed", ctx.request().method(), ctx.request().path());
            OpenAiErrors.send(json, ctx, new MediaRejected(500, "server_error", null, "internal_error",
                    "The worker failed: " + ctx.failure()));
        }
    }
}
