package dev.relay.gateway.fleet;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays task-service's internal API: {@code POST /internal/tasks} keeps the submission and answers 201 (503, as
 * when it cannot publish, for model {@code test-unqueued}); {@code GET /internal/tasks/{id}} answers a queued view to
 * the owning account, echoing {@code wait} as {@code _wait} (and, for {@code wait=1}, after a second, as a long poll
 * of a task that stays queued), else 404 {@code task_not_found}. A test may store a task
 * with another status ({@code PUT /_stub/tasks/{id}} with the submission and {@code _status}) and count the lookups
 * of a task ({@code GET /_stub/tasks/{id}/lookups}). {@code /internal/webhooks} answers with the {@code account_id}
 * it was called for: the list, a created endpoint echoing the body, an endpoint's deliveries echoing its id and
 * {@code limit}, a test event (202 echoing the endpoint), and a deletion (204 for {@code wh_known}, else 404).
 * {@code /internal/tasks/{id}/media/{name}} keeps media put there for an account and serves them back to it (GET and
 * HEAD, 404 {@code not_found} otherwise), in pieces as the reader takes them; a media named {@link Fleet#DIES_HALFWAY}
 * is served up to half its length, then the connection is closed, one named {@link Fleet#STALLS_HALFWAY} up to
 * half its length, then nothing more, the connection left open, and one named {@link Fleet#FAILS_TO_READ} is a 500. A test may have a media's next GETs refused as task-service refuses them while it sends as many as it may (503
 * with {@code Retry-After: 1}, {@code PUT /_stub/media/{id}/{name}/busy/{times}}). A test reads the methods a media was asked with
 * ({@code GET /_stub/media/{id}/{name}/reads}), whether an answer of it was closed before it was sent whole
 * ({@code GET /_stub/media/{id}/{name}/cut}), and every upload of it that started, ended or not, with its framing and
 * how it ended ({@code GET /_stub/media/{id}/{name}/uploads}). A test may have the next uploads of a media broken
 * off part-way through their bodies ({@code PUT /_stub/media/{id}/{name}/breaks}, see {@link Fleet.UploadBreak}).
 */
final class FakeTaskService {

    private record StoredMedia(String accountId, String contentType, byte[] bytes) {
    }

    private static final Map<String, Integer> lookups = new ConcurrentHashMap<>();
    private static final Map<String, StoredMedia> media = new ConcurrentHashMap<>();
    private static final Map<String, List<String>> mediaReads = new ConcurrentHashMap<>();
    private static final Set<String> mediaCut = ConcurrentHashMap.newKeySet();
    /** How many of a media's next GETs are refused as too busy (503 with Retry-After), as a test asked. */
    private static final Map<String, AtomicInteger> busyRefusals = new ConcurrentHashMap<>();
    private static final Map<String, List<JsonObject>> uploads = new ConcurrentHashMap<>();
    /** How each of a media's next uploads is to be broken off, in turn; later ones are stored. */
    private static final Map<String, Queue<JsonObject>> breaks = new ConcurrentHashMap<>();
    /** The routing context's note of its upload, for the handler that ends it. */
    private static final String UPLOAD = "fake-task-service.upload";

    private FakeTaskService() {
    }

    /**
     * Notes every upload of media as it starts, with its declared length or chunked framing, whether or not it ends,
     * and breaks off those a test planned to: mounted ahead of the body handler, which passes on only uploads it read
     * whole.
     */
    static void watchUploads(Router router) {
        router.put("/internal/tasks/:id/media/:name").handler(ctx -> {
            JsonObject upload = new JsonObject()
                    .put("contentLength", ctx.request().getHeader("Content-Length"))
                    .put("chunked", "chunked".equalsIgnoreCase(ctx.request().getHeader("Transfer-Encoding")));
            uploads.computeIfAbsent(mediaKey(ctx), k -> new CopyOnWriteArrayList<>()).add(upload);
            Queue<JsonObject> planned = breaks.get(mediaKey(ctx));
            JsonObject planBreak = planned == null ? null : planned.poll();
            if (planBreak != null) {
                breakPartWay(ctx, planBreak.getLong("afterBytes"), planBreak.getInteger("status"), upload);
            } else {
                ctx.put(UPLOAD, upload);
                ctx.next();
            }
        });
    }

    /**
     * Reads {@code afterBytes} of the upload's body (all of a shorter one), then breaks it off as task-service may:
     * with {@code status} 0 the connection is closed unanswered (a crash, a reset); otherwise {@code status} is
     * answered at once, as task-service answers a failure before or while it reads the body (a finished task, a body
     * past its limit, the database), and the connection closed once the uploader has ended or dropped the rest, which
     * is read and let go meanwhile: closed at once, with a body still coming, the answer could be lost to the reset.
     */
    private static void breakPartWay(RoutingContext ctx, long afterBytes, int status, JsonObject upload) {
        HttpServerRequest request = ctx.request();
        long[] read = {0};
        Runnable breakOff = () -> {
            if (upload.containsKey("ended")) {
                return;
            }
            if (status == 0) {
                upload.put("ended", "closed");
                request.connection().close();
                return;
            }
            upload.put("ended", "answered " + status);
            ctx.response().putHeader("Connection", "close");
            FakeFleet.json(ctx, status, error(status == 500 ? "server_error" : "media_refused",
                    "The media store broke off the upload"));
            if (request.isEnded()) {
                request.connection().close();
            } else {
                request.handler(dropped -> {
                });
                request.endHandler(ended -> request.connection().close());
            }
        };
        request.handler(chunk -> {
            read[0] += chunk.length();
            if (read[0] >= afterBytes) {
                breakOff.run();
            }
        });
        request.endHandler(ended -> breakOff.run());
        if (afterBytes == 0) {
            breakOff.run();
        }
        request.resume();
    }

    static void mount(Router router, Map<String, JsonObject> submissions) {
        router.post("/internal/tasks").handler(ctx -> {
            JsonObject submission = ctx.body().asJsonObject();
            submissions.put(submission.getString("taskId"), submission);
            if ("test-unqueued".equals(submission.getString("model"))) {
                FakeFleet.json(ctx, 503, error("service_unavailable", "The task could not be queued, retry shortly."));
            } else if (ctx.body().asString().contains(Fleet.SLOW_TO_QUEUE)) {
                ctx.vertx().setTimer(1_000, id -> FakeFleet.json(ctx, 201, view(submission, null).encode()));
            } else {
                FakeFleet.json(ctx, 201, view(submission, null).encode());
            }
        });
        router.get("/internal/tasks/:id").handler(ctx -> {
            lookups.merge(ctx.pathParam("id"), 1, Integer::sum);
            JsonObject submission = submissions.get(ctx.pathParam("id"));
            String account = ctx.request().getParam("account_id");
            if (submission == null || !submission.getString("accountId").equals(account)) {
                FakeFleet.json(ctx, 404, error("task_not_found", "No task with this id exists for this account."));
            } else if ("1".equals(ctx.request().getParam("wait"))) {
                ctx.vertx().setTimer(1_000, id -> FakeFleet.json(ctx, 200, view(submission, "1").encode()));
            } else {
                FakeFleet.json(ctx, 200, view(submission, ctx.request().getParam("wait")).encode());
            }
        });
        router.get("/internal/webhooks").handler(ctx -> FakeFleet.json(ctx, 200, new JsonObject()
                .put("account_id", ctx.request().getParam("account_id")).put("webhooks", new JsonArray())
                .encode()));
        router.post("/internal/webhooks").handler(ctx -> FakeFleet.json(ctx, 201, ctx.body().asJsonObject()
                .put("account_id", ctx.request().getParam("account_id")).put("id", "wh_new").encode()));
        router.get("/internal/webhooks/:id/deliveries").handler(ctx -> FakeFleet.json(ctx, 200, new JsonObject()
                .put("account_id", ctx.request().getParam("account_id")).put("endpoint", ctx.pathParam("id"))
                .put("limit", ctx.request().getParam("limit")).put("deliveries", new JsonArray())
                .encode()));
        router.post("/internal/webhooks/:id/test").handler(ctx -> FakeFleet.json(ctx, 202, new JsonObject()
                .put("account_id", ctx.request().getParam("account_id")).put("endpoint", ctx.pathParam("id"))
                .put("event_id", "evt_test").encode()));
        router.delete("/internal/webhooks/:id").handler(ctx -> {
            if ("wh_known".equals(ctx.pathParam("id"))) {
                ctx.response().setStatusCode(204).end();
            } else {
                FakeFleet.json(ctx, 404, error("not_found", "No such webhook endpoint."));
            }
        });
        router.put("/internal/tasks/:id/media/:name").handler(ctx -> {
            media.put(mediaKey(ctx), new StoredMedia(ctx.request().getParam("account_id"),
                    ctx.request().getHeader("Content-Type"), ctx.body().buffer().getBytes()));
            JsonObject upload = ctx.get(UPLOAD);
            if (upload != null) {
                upload.put("ended", "stored");
            }
            ctx.response().setStatusCode(204).end();
        });
        router.put("/_stub/media/:id/:name/breaks").handler(ctx -> {
            Queue<JsonObject> planned = new ConcurrentLinkedQueue<>();
            ctx.body().asJsonArray().forEach(planBreak -> planned.add((JsonObject) planBreak));
            breaks.put(mediaKey(ctx), planned);
            ctx.response().setStatusCode(204).end();
        });
        router.route("/internal/tasks/:id/media/:name").method(HttpMethod.GET).method(HttpMethod.HEAD)
                .handler(FakeTaskService::serveMedia);
        router.put("/_stub/media/:id/:name/busy/:times").handler(ctx -> {
            busyRefusals.put(mediaKey(ctx), new AtomicInteger(Integer.parseInt(ctx.pathParam("times"))));
            ctx.response().setStatusCode(204).end();
        });
        router.get("/_stub/media/:id/:name/reads").handler(ctx -> FakeFleet.json(ctx, 200,
                new JsonArray(mediaReads.getOrDefault(mediaKey(ctx), List.of())).encode()));
        router.get("/_stub/media/:id/:name/uploads").handler(ctx -> FakeFleet.json(ctx, 200,
                new JsonArray(uploads.getOrDefault(mediaKey(ctx), List.of())).encode()));
        router.get("/_stub/media/:id/:name/cut").handler(ctx -> ctx.response()
                .end(String.valueOf(mediaCut.contains(mediaKey(ctx)))));
        router.put("/_stub/tasks/:id").handler(ctx -> {
            submissions.put(ctx.pathParam("id"), ctx.body().asJsonObject());
            ctx.response().setStatusCode(204).end();
        });
        router.get("/_stub/tasks/:id/lookups").handler(ctx -> ctx.response()
                .end(String.valueOf(lookups.getOrDefault(ctx.pathParam("id"), 0))));
        router.get("/_stub/tasks/:id").handler(ctx -> {
            JsonObject submission = submissions.get(ctx.pathParam("id"));
            FakeFleet.json(ctx, submission == null ? 404 : 200, submission == null ? "{}" : submission.encode());
        });
    }

    private static String mediaKey(RoutingContext ctx) {
        return ctx.pathParam("id") + "/" + ctx.pathParam("name");
    }

    private static void serveMedia(RoutingContext ctx) {
        String key = mediaKey(ctx);
        mediaReads.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(ctx.request().method().name());
        AtomicInteger refusalsLeft = busyRefusals.get(key);
        if (ctx.request().method() == HttpMethod.GET && refusalsLeft != null && refusalsLeft.getAndDecrement() > 0) {
            ctx.response().putHeader("Retry-After", "1");
            FakeFleet.json(ctx, 503, error("service_unavailable", "Too many media downloads are in progress."));
            return;
        }
        if (Fleet.FAILS_TO_READ.equals(ctx.pathParam("name"))) {
            ctx.response().setStatusCode(500).end("the media store is down");
            return;
        }
        StoredMedia stored = media.get(key);
        if (stored == null || !stored.accountId().equals(ctx.request().getParam("account_id"))) {
            FakeFleet.json(ctx, 404, error("not_found", "No such media for this task."));
            return;
        }
        HttpServerResponse response = ctx.response().setStatusCode(200)
                .putHeader("Content-Type", stored.contentType())
                .putHeader("Content-Length", String.valueOf(stored.bytes().length))
                .putHeader("Cache-Control", "private, max-age=3600");
        response.closeHandler(ignored -> {
            if (!response.ended()) {
                mediaCut.add(key);
            }
        });
        if (ctx.request().method() == HttpMethod.HEAD) {
            response.end();
        } else if (Fleet.DIES_HALFWAY.equals(ctx.pathParam("name"))) {
            PacedAnswer.send(response, PacedAnswer.of(stored.bytes(), 0, stored.bytes().length / 2),
                    () -> ctx.request().connection().close());
        } else if (Fleet.STALLS_HALFWAY.equals(ctx.pathParam("name"))) {
            PacedAnswer.send(response, PacedAnswer.of(stored.bytes(), 0, stored.bytes().length / 2), () -> {
            });
        } else {
            PacedAnswer.send(response, PacedAnswer.of(stored.bytes(), 0, stored.bytes().length), response::end);
        }
    }

    private static JsonObject view(JsonObject submission, String wait) {
        return new JsonObject().put("task_id", submission.getString("taskId")).put("status", submission.getString("_status", "queued"))
                .put("mode", submission.getString("mode")).put("model", submission.getString("model"))
                .putNull("result").putNull("error").put("_wait", wait);
    }

    private static String error(String code, String message) {
        return new JsonObject().put("error", new JsonObject().put("message", message)
                .put("type", code.equals("task_not_found") ? "invalid_request_error" : "server_error")
                .putNull("param").put("code", code)).encode();
    }
}
