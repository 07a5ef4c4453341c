package dev.relay.simulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.simulator.config.SimulatorConfig;
import dev.relay.simulator.engine.SplitMix;
import dev.relay.simulator.media.Mp4Boxes;
import dev.relay.simulator.service.MediaModels;
import dev.relay.simulator.service.MediaRejected;
import dev.relay.simulator.service.VideoJobs;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * OpenAI's Videos API: {@code POST /v1/videos} accepts a job ({@code queued}), {@code GET /v1/videos/{id}} follows it
 * through {@code in_progress} (with {@code progress}) to {@code completed}, {@code GET /v1/videos/{id}/content}
 * downloads the MP4 and {@code DELETE /v1/videos/{id}} forgets it. The create body is JSON, or multipart/form-data
 * as OpenAI's SDKs send it (an {@code input_reference} file is accepted and ignored).
 */
@Singleton
class Videos {

    static final List<String> SIZES = List.of("1280x720", "720x1280", "1024x1792", "1792x1024");
    static final List<Integer> SECONDS = List.of(4, 8, 12);

    private final ObjectMapper json;
    private final SimulatorConfig config;
    private final MediaModels models;
    private final VideoJobs jobs;

    Videos(ObjectMapper json, SimulatorConfig config, MediaModels models, VideoJobs jobs) {
        this.json = json;
        this.config = config;
        this.models = models;
        this.jobs = jobs;
    }

    void create(RoutingContext ctx) {
        withFault(ctx, fault -> {
            JsonNode body = body(ctx);
            String model = models.resolve(MediaFields.requiredText(body, "model"), MediaModels.Task.VIDEO);
            String prompt = MediaFields.requiredText(body, "prompt");
            int seconds = seconds(body.get("seconds"));
            String size = MediaFields.optionalText(body, "size", "1280x720");
            if (!SIZES.contains(size)) {
                throw MediaRejected.invalid("size", "'size' must be one of " + SIZES + ", got '" + size + "'.");
            }
            int failsAt = fault.kind() == Fault.Kind.FAIL_AFTER ? (int) Math.min(100, fault.amount()) : -1;
            sendJson(ctx, view(jobs.create(model, prompt, seconds, size, failsAt)));
        }, false);
    }

    void get(RoutingContext ctx) {
        withFault(ctx, fault -> sendJson(ctx, view(jobs.get(ctx.pathParam("id")))), true);
    }

    void content(RoutingContext ctx) {
        withFault(ctx, fault -> {
            VideoJobs.Snapshot video = jobs.get(ctx.pathParam("id"));
            String variant = ctx.request().getParam("variant", "video");
            if (!variant.equals("video")) {
                throw MediaRejected.invalid("variant", "Only the 'video' variant is available, not '" + variant + "'.");
            }
            if (video.status() != VideoJobs.Status.COMPLETED) {
                throw new MediaRejected(400, MediaRejected.INVALID_REQUEST, null, "video_not_ready",
                        "Video " + video.video().id() + " has no content: its status is " + video.status().wireName()
                                + ".");
            }
            VideoJobs.Video v = video.video();
            String[] wxh = v.size().split("x");
            byte[] mp4 = Mp4Boxes.mp4(v.seconds(), Integer.parseInt(wxh[0]), Integer.parseInt(wxh[1]),
                    SplitMix.hash(v.prompt()) + v.seconds());
            ctx.response().putHeader("content-type", "video/mp4").end(Buffer.buffer(mp4));
        }, true);
    }

    void delete(RoutingContext ctx) {
        withFault(ctx, fault -> {
            String id = ctx.pathParam("id");
            jobs.delete(id);
            sendJson(ctx, json.createObjectNode().put("id", id).put("object", "video.deleted").put("deleted", true));
        }, true);
    }

    /**
     * Runs the action under {@code x-sim-fault}: fail-before is a 500, slow delays it; fail-after is left to the
     * action when {@code dropAfter} is false (create makes the video fail), else the connection drops unanswered.
     */
    private void withFault(RoutingContext ctx, Consumer<Fault> action, boolean dropAfter) {
        Fault fault;
        try {
            fault = MediaFaults.parse(ctx, config);
        } catch (MediaRejected e) {
            OpenAiErrors.send(json, ctx, e);
            return;
        }
        if (fault.kind() == Fault.Kind.FAIL_BEFORE) {
            OpenAiErrors.send(json, ctx, MediaFaults.injected("fail-before"));
            return;
        }
        Runnable run = () -> {
            if (ctx.response().closed()) {
                return;
            }
            if (dropAfter && fault.kind() == Fault.Kind.FAIL_AFTER) {
                MediaFaults.drop(ctx);
                return;
            }
            try {
                action.accept(fault);
            } catch (MediaRejected e) {
                OpenAiErrors.send(json, ctx, e);
            }
        };
        if (fault.delayMillis() > 0) {
            ctx.vertx().setTimer(fault.delayMillis(), id -> run.run());
        } else {
            run.run();
        }
    }

    private JsonNode body(RoutingContext ctx) {
        RawBody.Bytes raw = RawBody.of(ctx);
        String contentType = ctx.request().getHeader("content-type");
        if (!MultipartForm.isMultipart(contentType)) {
            return MediaFields.object(json, raw.array(), raw.length());
        }
        ObjectNode fields = json.createObjectNode();
        for (Map.Entry<String, MultipartForm.Part> part : MultipartForm.parse(contentType, raw.array(), raw.length())
                .parts().entrySet()) {
            if (part.getValue().filename() == null) {
                fields.put(part.getKey(), part.getValue().text());
            }
        }
        return fields;
    }

    /** "4", "8" or "12", as OpenAI spells it, or the bare number; 4 when absent. */
    private static int seconds(JsonNode value) {
        if (value == null || value.isNull()) {
            return 4;
        }
        String text = value.isTextual() || value.isIntegralNumber() ? value.asText().trim() : "";
        for (int seconds : SECONDS) {
            if (text.equals(Integer.toString(seconds))) {
                return seconds;
            }
        }
        throw MediaRejected.invalid("seconds", "'seconds' must be \"4\", \"8\" or \"12\", got " + value + ".");
    }

    private ObjectNode view(VideoJobs.Snapshot snapshot) {
        VideoJobs.Video video = snapshot.video();
        ObjectNode view = json.createObjectNode().put("id", video.id()).put("object", "video")
                .put("model", video.model()).put("status", snapshot.status().wireName())
                .put("progress", snapshot.progress()).put("created_at", video.createdAtMillis() / 1000)
                .put("completed_at", seconds(snapshot.completedAtMillis()))
                .put("expires_at", seconds(snapshot.expiresAtMillis()))
                .put("seconds", Integer.toString(video.seconds())).put("size", video.size())
                .put("quality", "standard");
        view.putNull("remixed_from_video_id");
        if (snapshot.status() == VideoJobs.Status.FAILED) {
            view.putObject("error").put("code", "internal_error").put("message",
                    "injected failure (" + Fault.HEADER + ": fail-after:" + video.failsAtPercent() + ")");
        } else {
            view.putNull("error");
        }
        return view;
    }

    private static Long seconds(Long millis) {
        return millis == null ? null : millis / 1000;
    }

    private void sendJson(RoutingContext ctx, ObjectNode body) {
        ctx.response().putHeader("content-type", "application/json").end(body.toString());
    }
}
