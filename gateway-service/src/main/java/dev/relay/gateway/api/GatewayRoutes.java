package dev.relay.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.gateway.config.GatewayConfig;
import dev.relay.gateway.dialect.anthropic.AnthropicErrors;
import dev.relay.gateway.dialect.ollama.OllamaErrors;
import io.vertx.core.Handler;
import dev.relay.gateway.service.ApiFailure;
import dev.relay.gateway.service.Caller;
import dev.relay.gateway.service.Failures;
import io.netty.handler.codec.http2.Http2Exception;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.StreamResetException;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The public API as plain Vert.x routes: tracking, then authentication, then the body (size-limited), then the
 * endpoint. A caller is identified before its body is read, so a wrong key or a caller already over its limit costs
 * no upload. Plain routes keep the streaming path free of framework buffering and let disconnects be seen at once.
 */
@ApplicationScoped
public class GatewayRoutes {

    private final Admission admission;
    private final ChatEndpoint chat;
    private final ModelsEndpoint models;
    private final AccountEndpoints accounts;
    private final TokenCountEndpoint tokens;
    private final MediaEndpoint media;
    private static final String FAILURE_ANSWERED = "relay.failureAnswered";

    private final ObjectMapper json;
    private final int maxBodyBytes;
    private final int maxAudioBodyBytes;
    private final AccountPlaces audioUploads;
    private final AccountPlaces mediaDownloads;
    /** The most a body may take to arrive ({@link GatewayConfig#bodyDeadline}). */
    private final long bodyDeadlineMs;
    private static final String BODY_READ = "relay.bodyRead";

    public GatewayRoutes(Admission admission, ChatEndpoint chat, ModelsEndpoint models, AccountEndpoints accounts,
            TokenCountEndpoint tokens, MediaEndpoint media, ObjectMapper json, GatewayConfig config) {
        this.admission = admission;
        this.media = media;
        this.tokens = tokens;
        this.chat = chat;
        this.models = models;
        this.accounts = accounts;
        this.json = json;
        this.maxBodyBytes = config.maxBodyBytes();
        this.maxAudioBodyBytes = Math.max(config.maxBodyBytes(), config.maxAudioBodyBytes());
        this.bodyDeadlineMs = config.bodyDeadline().toMillis();
        this.audioUploads = new AccountPlaces(config.maxConcurrentAudioUploads(), 1,
                "This account is already uploading audio to this gateway; retry once that upload is answered",
                "Too many audio uploads are being read by this gateway; retry shortly");
        this.mediaDownloads = new AccountPlaces(config.maxConcurrentMediaDownloads(),
                config.maxMediaDownloadsPerAccount(), "This account already has "
                        + config.maxMediaDownloadsPerAccount() + " media downloads running on this gateway; retry "
                        + "once one of them ends", "Too many media downloads are running on this gateway; retry shortly");
    }

    void register(@Observes Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
        router.route().order(-10).handler(RequestTracking::handle);
        router.route("/v1/*").failureHandler(this::failed);
        router.route("/v2/*").failureHandler(this::failed);
        afterAuthentication(router, "/v1/chat/completions", admission::authenticate, body, chat::openAi);
        afterAuthentication(router, "/v2/openai/v1/chat/completions", admission::authenticate, body,
                chat::openAiStrict);
        afterAuthentication(router, "/v2/vllm/v1/chat/completions", admission::authenticate, body,
                chat::openAiStrict);
        router.route("/v2/anthropic/*").order(-5).handler(speaks((ctx, f) -> AnthropicErrors.write(ctx, json, f)));
        afterAuthentication(router, "/v2/anthropic/v1/messages", admission::authenticate, body, chat::anthropic);
        afterAuthentication(router, "/v2/anthropic/v1/messages/count_tokens", admission::handle, body,
                tokens::anthropic);
        readable(router, "/v2/anthropic/v1/models").handler(admission::handle).handler(models::anthropic);
        readableMatching(router, "/v2/anthropic/v1/models/(?<id>.+)").handler(admission::handle)
                .handler(models::anthropicOne);
        router.route("/v2/ollama/*").order(-5).handler(speaks((ctx, f) -> OllamaErrors.write(ctx, json, f)));
        afterAuthentication(router, "/v2/ollama/api/chat", admission::authenticate, body, chat::ollama);
        afterAuthentication(router, "/v2/ollama/api/generate", admission::authenticate, body, chat::ollamaGenerate);
        readable(router, "/v2/ollama/api/tags").handler(admission::handle).handler(models::ollama);
        afterAuthentication(router, "/v2/ollama/api/show", admission::handle, body, models::ollamaShow);
        readable(router, "/v2/ollama/api/version").handler(admission::handle).handler(models::ollamaVersion);
        readable(router, "/v2/ollama/api/ps").handler(admission::handle).handler(models::ollamaRunning);
        readable(router, "/v1/models").handler(admission::handle).handler(models::openAi);
        // Model ids contain slashes (Qwen/Qwen3-Coder): the id is the whole rest of the path.
        readableMatching(router, "/v1/models/(?<id>.+)").handler(admission::handle).handler(models::openAiOne);
        readable(router, "/v2/models").handler(admission::handle).handler(models::grouped);
        readable(router, "/v1/balance").handler(admission::handle).handler(accounts::balance);
        readable(router, "/v1/usage").handler(admission::handle).handler(accounts::usage);
        readable(router, "/v1/keys").handler(admission::handle).handler(accounts::listKeys);
        afterAuthentication(router, "/v1/keys", admission::handle, body, accounts::createKey);
        router.delete("/v1/keys/:id").handler(admission::handle).handler(accounts::deleteKey);
        readable(router, "/v1/webhooks").handler(admission::handle).handler(accounts::listWebhooks);
        afterAuthentication(router, "/v1/webhooks", admission::handle, body, accounts::createWebhook);
        router.delete("/v1/webhooks/:id").handler(admission::handle).handler(accounts::deleteWebhook);
        readable(router, "/v1/webhooks/:id/deliveries").handler(admission::handle).handler(accounts::webhookDeliveries);
        router.post("/v1/webhooks/:id/test").handler(admission::handle).handler(accounts::testWebhook);
        // Media models may be named with slashes, as chat models are: the model is all between the fixed parts.
        afterAuthentication(router, "/v2/image/(?<model>.+)/generate", admission::authenticate, body, media::image);
        afterAuthentication(router, "/v2/audio/tts/(?<model>.+)", admission::authenticate, body, media::speech);
        // Audio to transcribe comes as base64 in the JSON body: up to 10 MB of audio needs a larger body.
        afterAuthentication(router, "/v2/audio/asr/(?<model>.+)", admission::authenticate, this::oneOfFewUploads,
                BodyHandler.create(false).setBodyLimit(maxAudioBodyBytes), media::transcription);
        afterAuthentication(router, "/v2/video/(?<model>.+)/t2v", admission::authenticate, body, media::video);
        // Task ids contain a colon (direct:<uuid>), which a path parameter takes as it is.
        readable(router, "/v2/tasks/:taskId").handler(admission::handle).handler(accounts::task);
        readable(router, "/v2/tasks/:taskId/media/:name").handler(admission::handle).handler(this::oneOfFewDownloads)
                .handler(media::content);
        // Registered last: any other path or method under the API gets a 404 in the dialect's error shape, not the
        // framework's plain text, which no SDK can read.
        router.route("/v1/*").handler(this::unknownEndpoint);
        router.route("/v2/*").handler(this::unknownEndpoint);
        // Any other path too (/, a typo of the base URL) gets JSON an SDK can read, not the framework's page. Last of
        // all routes: the framework's own (/q/health) answer before it.
        router.route().last().handler(this::unknownEndpoint);
    }

    /** A GET route that answers HEAD too (the same headers, no body: Vert.x leaves the body out of a HEAD answer). */
    private static Route readable(Router router, String path) {
        return router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD);
    }

    private static Route readableMatching(Router router, String regex) {
        return router.routeWithRegex(regex).method(HttpMethod.GET).method(HttpMethod.HEAD);
    }

    private void unknownEndpoint(RoutingContext ctx) {
        ErrorWriter.of(ctx, json).write(ctx, new ApiFailure(404,
                "invalid_request_error", "unknown_url", "No such endpoint or method; docs/api.md lists Relay's"));
    }

    /**
     * A POST whose body is read only once its caller is authenticated (and not already refused): two routes on the
     * path, because Vert.x wants a route's body handler before its own handlers. The router keeps the request paused
     * until the body handler of the second route reads it.
     */
    private void afterAuthentication(Router router, String path, Handler<RoutingContext> authentication,
            BodyHandler body, Handler<RoutingContext> endpoint) {
        afterAuthentication(router, path, authentication, null, body, endpoint);
    }

    /**
     * A transcription's body (up to 14 MiB of base64) is held whole, then decoded: a few at a time per gateway, so that
     * many at once cannot run it out of memory. Taken once the caller is authenticated (a guest, who may not have
     * tasks, is refused before sending a byte), one at a time per account, so that no account takes them all; the
     * body's deadline ({@link #bodyWithinDeadline}) keeps a stalled upload from holding one for long. Given back when
     * the answer is sent; one more is a 503 to retry.
     */
    private void oneOfFewUploads(RoutingContext ctx) {
        Caller caller = ctx.get(Admission.CALLER);
        ErrorWriter errors = ErrorWriter.of(ctx, json);
        if (caller.isGuest()) {
            admission.refuse(ctx, caller, AsyncChatSubmission.guestRefused(), errors);
            return;
        }
        if (audioUploads.takeUntilAnswered(ctx, caller.accountId(), errors)) {
            ctx.next();
        }
    }

    /**
     * The body must arrive within {@link #bodyDeadlineMs} of its caller's admission, or its request is cut off alone
     * ({@link CutOff}: on HTTP/2 its stream, on HTTP/1.1 its connection).
     */
    private void bodyWithinDeadline(RoutingContext ctx) {
        long deadline = ctx.vertx().setTimer(bodyDeadlineMs, ignored -> {
            if (ctx.get(BODY_READ) == null && !ctx.response().ended()) {
                CutOff.alone(ctx); // a stalled body: whatever place its request holds goes to the next one
            }
        });
        ctx.addEndHandler(ignored -> ctx.vertx().cancelTimer(deadline));
        ctx.next();
    }

    /**
     * A media download holds one of {@link dev.relay.gateway.client.PeerHttp}'s pooled connections to task-service for
     * as long as its client reads (a slow client, a 64 MiB video: minutes). So that downloads cannot take the
     * connections task submissions, polls and media storage need, a gateway relays a few at a time, some per account,
     * each place given back however the download ends (sent, cut off upstream or by the idle timeout, its client gone);
     * one more is a 503 to retry. A HEAD, answered with task-service's head alone, takes none; a guest is refused by
     * the endpoint.
     */
    private void oneOfFewDownloads(RoutingContext ctx) {
        Caller caller = ctx.get(Admission.CALLER);
        if (ctx.request().method() == HttpMethod.HEAD || caller.isGuest()
                || mediaDownloads.takeUntilAnswered(ctx, caller.accountId(), ErrorWriter.of(ctx, json))) {
            ctx.next();
        }
    }

    /** The endpoint, its body read in full: a stalled upload's deadline no longer applies. */
    private static Handler<RoutingContext> bodyRead(Handler<RoutingContext> endpoint) {
        return ctx -> {
            ctx.put(BODY_READ, Boolean.TRUE);
            endpoint.handle(ctx);
        };
    }

    private void afterAuthentication(Router router, String path, Handler<RoutingContext> authentication,
            Handler<RoutingContext> beforeBody, BodyHandler body, Handler<RoutingContext> endpoint) {
        post(router, path).handler(ctx -> {
            readAsIs(ctx);
            if (!compressed(ctx)) {
                authentication.handle(ctx);
            }
        });
        if (beforeBody != null) {
            post(router, path).handler(beforeBody);
        }
        post(router, path).handler(this::bodyWithinDeadline); // a route of its own: Vert.x wants the body handler first
        post(router, path).handler(body).handler(bodyRead(endpoint));
    }

    /** A POST route; a path with a named group is a pattern (the media endpoints' model), every other a plain path. */
    private static Route post(Router router, String path) {
        return path.contains("(?<") ? router.postWithRegex(path) : router.post(path);
    }

    /**
     * Refuses a compressed body (Content-Encoding gzip...) at once, before any of it is read: read as it is, it would
     * be refused as JSON that is not UTF-8, which says nothing of the cause.
     */
    private boolean compressed(RoutingContext ctx) {
        String encoding = ctx.request().getHeader("Content-Encoding");
        if (encoding == null || encoding.isBlank() || "identity".equalsIgnoreCase(encoding.strip())) {
            return false;
        }
        ErrorWriter.of(ctx, json).write(ctx, new ApiFailure(415, "invalid_request_error",
                "unsupported_content_encoding",
                "Content-Encoding " + encoding.strip() + " is not supported: send the body uncompressed"));
        return true;
    }

    /**
     * The body is read as the bytes it is, whatever its Content-Type says: a JSON body sent as a form (curl's
     * {@code -d} without a header, as Ollama's own docs call /api/chat) must not be decoded as one, which failed as
     * "could not be read" once it passed the form decoder's 1 KB attribute limit.
     */
    private static void readAsIs(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type != null && (type.regionMatches(true, 0, "application/x-www-form-urlencoded", 0, 33)
                || type.regionMatches(true, 0, "multipart/", 0, 10))) {
            ctx.request().headers().remove("Content-Type");
        }
    }

    /** Chooses the error shape for everything that refuses this route's requests, admission included. */
    private static Handler<RoutingContext> speaks(ErrorWriter errors) {
        return ctx -> {
            ctx.put(ErrorWriter.KEY, errors);
            ctx.next();
        };
    }

    /**
     * An HTTP/2 stream reset while its body was read (its client cancelled the request): no one is left to answer, as
     * with an HTTP/1.1 client that hung up, and nothing went wrong here to log as an error.
     */
    private static boolean streamReset(Throwable failure) {
        return failure instanceof Http2Exception.StreamException || failure instanceof StreamResetException;
    }

    private void failed(RoutingContext ctx) {
        // Vert.x may fail a request twice (a client resetting its upload after the 413): it is answered, and
        // counted, once.
        if (ctx.get(FAILURE_ANSWERED) != null || ctx.response().ended() || ctx.response().closed()
                || streamReset(ctx.failure())) {
            return;
        }
        ctx.put(FAILURE_ANSWERED, Boolean.TRUE);
        ApiFailure failure = switch (ctx.statusCode()) {
            case 413 -> new ApiFailure(413, "invalid_request_error", "request_too_large",
                    "The request body is larger than " + (ctx.request().path().startsWith("/v2/audio/asr/")
                            ? maxAudioBodyBytes : maxBodyBytes) + " bytes");
            case 400 -> ApiFailure.invalidRequest("The request could not be read", null);
            default -> ctx.failure() != null ? Failures.toApi(ctx.failure())
                    : ApiFailure.unavailable("The request could not be served, retry shortly");
        };
        ErrorWriter errors = ErrorWriter.of(ctx, json);
        Caller caller = ctx.get(Admission.CALLER);
        if (caller != null && ctx.response().headers().get(Admission.LIMIT_HEADER) == null) {
            // A chat request refused while its body was read (413): counted like any refusal, with its headers.
            admission.refuse(ctx, caller, failure, errors);
        } else {
            errors.write(ctx, failure);
        }
    }
}
