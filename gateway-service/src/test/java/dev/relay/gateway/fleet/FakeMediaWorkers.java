package dev.relay.gateway.fleet;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fake media workers under {@code /m/}, steered by fields a test puts in the task's body beside OpenAI's (a media
 * task's body goes to its worker as it is, but for the model), and telling tests apart by the body's {@code prompt}:
 * <ul>
 * <li>{@code /m/video}: OpenAI's Videos API, a job completed as soon as it is polled, whose content is
 * {@link Fleet#madeBytes}{@code (_bytes)} with its Content-Length ({@code _declared}, when given, instead), or chunked
 * when {@code _chunked};</li>
 * <li>{@code /m/images}: {@code n} images ({@link Fleet#madeImage}) with their revised prompts, or with {@code _bytes}
 * one answer that long, an image's base64 and nothing else;</li>
 * <li>{@code /m/audio}: speech as {@link Fleet#madeSpeech}{@code (_seconds)}; a transcription whose text tells the
 * form it got: its fields, in order of name, and its file's name, type and SHA-256.</li>
 * </ul>
 * Answers are written as the reader takes them; one closed before it was sent whole is noted
 * ({@link Fleet#mediaWorkerCutShort}).
 */
final class FakeMediaWorkers {

    private static final AtomicInteger JOB_IDS = new AtomicInteger();
    private static final Map<String, JsonObject> jobs = new ConcurrentHashMap<>();
    private static final Set<String> cut = ConcurrentHashMap.newKeySet();

    private FakeMediaWorkers() {
    }

    static void mount(Router router) {
        router.post("/m/video/v1/videos").handler(ctx -> {
            String id = "vid_" + JOB_IDS.incrementAndGet();
            jobs.put(id, ctx.body().asJsonObject());
            FakeFleet.json(ctx, 200, job(id, "queued").encode());
        });
        router.get("/m/video/v1/videos/:id").handler(ctx -> FakeFleet.json(ctx, 200,
                job(ctx.pathParam("id"), "completed").encode()));
        router.get("/m/video/v1/videos/:id/content").handler(ctx -> {
            JsonObject job = jobs.get(ctx.pathParam("id"));
            long length = job.getLong("_bytes");
            HttpServerResponse response = ctx.response().putHeader("Content-Type", "video/mp4");
            if (job.getBoolean("_chunked", false)) {
                response.setChunked(true);
            } else {
                response.putHeader("Content-Length", String.valueOf(job.getLong("_declared", length)));
            }
            send(response, job.getString("prompt"), PacedAnswer.made(length));
        });
        router.delete("/m/video/v1/videos/:id").handler(ctx -> ctx.response().setStatusCode(204).end());
        router.post("/m/images/v1/images/generations").handler(ctx -> {
            JsonObject body = ctx.body().asJsonObject();
            HttpServerResponse response = ctx.response().putHeader("Content-Type", "application/json");
            if (body.containsKey("_bytes")) {
                long length = body.getLong("_bytes");
                response.putHeader("Content-Length", String.valueOf(length));
                send(response, body.getString("prompt"),
                        PacedAnswer.padded("{\"data\":[{\"b64_json\":\"", 'A', length, "\"}]}"));
                return;
            }
            JsonArray data = new JsonArray();
            for (int i = 0; i < body.getInteger("n", 1); i++) {
                data.add(new JsonObject().put("b64_json", Base64.getEncoder().encodeToString(Fleet.madeImage(i)))
                        .put("revised_prompt", body.getString("prompt") + " #" + i));
            }
            response.end(new JsonObject().put("created", 1).put("data", data).encode());
        });
        router.post("/m/audio/v1/audio/speech").handler(ctx -> ctx.response().putHeader("Content-Type", "audio/wav")
                .end(Buffer.buffer(Fleet.madeSpeech(ctx.body().asJsonObject().getInteger("_seconds")))));
        router.post("/m/audio/v1/audio/transcriptions").handler(FakeMediaWorkers::transcription);
        router.get("/_stub/media-workers/cut").handler(ctx -> ctx.response()
                .end(String.valueOf(cut.contains(ctx.request().getParam("prompt")))));
    }

    private static void send(HttpServerResponse response, String prompt, Iterator<Buffer> pieces) {
        response.closeHandler(closed -> {
            if (!response.ended()) {
                cut.add(prompt);
            }
        });
        PacedAnswer.send(response, pieces, response::end);
    }

    private static void transcription(RoutingContext ctx) {
        Map<String, String> fields = new TreeMap<>();
        ctx.request().formAttributes().forEach(field -> fields.put(field.getKey(), field.getValue()));
        List<FileUpload> files = ctx.fileUploads();
        StringBuilder told = new StringBuilder();
        fields.forEach((name, value) -> told.append(name).append('=').append(value).append(' '));
        for (FileUpload file : files) {
            told.append(file.name()).append('=').append(file.fileName()).append(' ').append(file.contentType())
                    .append(' ').append(Fleet.sha256(read(Path.of(file.uploadedFileName()))));
        }
        FakeFleet.json(ctx, 200, new JsonObject().put("text", told.toString()).put("language", "en")
                .put("duration", 1.0).put("segments", new JsonArray()).encode());
    }

    private static JsonObject job(String id, String status) {
        return new JsonObject().put("id", id).put("object", "video").put("status", status);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
