package dev.relay.gateway.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.contracts.internal.TaskSubmission;
import dev.relay.gateway.client.TaskClient;
import dev.relay.gateway.dialect.media.MediaCall;
import dev.relay.gateway.dialect.media.MediaRequests;
import dev.relay.gateway.dialect.openai.InvalidRequest;
import dev.relay.gateway.service.ApiFailure;
import dev.relay.gateway.service.Caller;
import dev.relay.gateway.service.Failures;
import dev.relay.gateway.service.MediaAdmission;
import dev.relay.gateway.service.OpenGpuTasks;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;

/**
 * The media endpoints: image generation, text to speech, speech to text and text to video. Each runs as a task, as
 * {@code async: true} chat does: the request is checked (422 {@code detail[]}), admitted with credit held for the most
 * it can use, queued, and answered 202 with its {@code task_id} and {@code poll_url}. What a task made is served by
 * {@code GET /v2/tasks/{task_id}/media/{n}}, to the account that owns the task.
 */
@ApplicationScoped
public class MediaEndpoint {

    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    @FunctionalInterface
    interface Reader {
        MediaCall read(String model, Buffer body, String requestId);
    }

    private final MediaRequests requests;
    private final MediaAdmission media;
    private final Admission admission;
    private final AsyncChatSubmission submission;
    private final TaskClient tasks;
    private final OpenGpuTasks openGpuTasks;
    private final ObjectMapper json;

    public MediaEndpoint(MediaRequests requests, MediaAdmission media, Admission admission,
            AsyncChatSubmission submission, TaskClient tasks, OpenGpuTasks openGpuTasks, ObjectMapper json) {
        this.requests = requests;
        this.media = media;
        this.admission = admission;
        this.submission = submission;
        this.tasks = tasks;
        this.openGpuTasks = openGpuTasks;
        this.json = json;
    }

    /** {@code POST /v2/image/{model}/generate}. */
    void image(RoutingContext ctx) {
        serve(ctx, requests::image);
    }

    /** {@code POST /v2/audio/tts/{model}}. */
    void speech(RoutingContext ctx) {
        serve(ctx, requests::speech);
    }

    /** {@code POST /v2/audio/asr/{model}}. */
    void transcription(RoutingContext ctx) {
        serve(ctx, requests::transcription);
    }

    /** {@code POST /v2/video/{model}/t2v}. */
    void video(RoutingContext ctx) {
        serve(ctx, requests::video);
    }

    private void serve(RoutingContext ctx, Reader reader) {
        ErrorWriter errors = ErrorWriter.of(ctx, json);
        Caller caller = ctx.get(Admission.CALLER);
        if (caller.isGuest()) {
            admission.refuse(ctx, caller, AsyncChatSubmission.guestRefused(), errors);
            return;
        }
        MediaCall call;
        try {
            call = reader.read(ctx.pathParam("model"), ctx.body().buffer(), ctx.get(RequestTracking.REQUEST_ID));
        } catch (ApiFailure invalid) {
            admission.refuse(ctx, caller, invalid, errors);
            return;
        } catch (InvalidRequest invalid) {
            admission.countThen(ctx, caller, () -> ChatEndpoint.unprocessable(ctx, json, invalid));
            return;
        }
        Admission.onLoop(media.admit(caller, call), ctx).subscribe().with(admitted -> {
            Admission.rateHeaders(ctx, admitted.rate());
            String mode = admitted.mode();
            String taskId = mode + ":" + UUID.randomUUID();
            ChatEndpoint.Task task = new ChatEndpoint.Task(taskId, mode, openGpuTasks.address(mode, taskId));
            TaskSubmission queued = new TaskSubmission(taskId, call.kind(), caller.accountId(), caller.keyId(),
                    caller.tier(), mode, call.model(), admitted.reservation().id(),
                    admitted.reservation().amountMicro(), json.convertValue(call.workerBody(), JSON_OBJECT),
                    call.requestId());
            Uni<Boolean> inputStored = call.input() == null ? Uni.createFrom().item(true)
                    : tasks.storeMedia(caller.accountId(), taskId, call.workerBody().path("input_media").asText(),
                            call.input().bytes(), call.input().contentType());
            submission.queue(ctx, caller, queued, admitted.billedModel(), admitted.reservation(), task, errors,
                    inputStored);
        }, failure -> admission.refuse(ctx, caller, failure, errors));
    }

    /**
     * {@code GET /v2/tasks/{task_id}/media/{name}}: what a task made, for the account that owns it, relayed from
     * task-service as it arrives; HEAD asks task-service for the same headers, without the body.
     */
    void content(RoutingContext ctx) {
        ErrorWriter errors = ErrorWriter.of(ctx, json);
        Caller caller = ctx.get(Admission.CALLER);
        if (caller.isGuest()) {
            errors.write(ctx, ApiFailure.keyRequired());
            return;
        }
        String taskId = ctx.pathParam("taskId");
        String name = ctx.pathParam("name");
        RequestTracking.fromPeer(ctx, () -> tasks.openMedia(ctx.request().method(), caller.accountId(), taskId, name))
                .onSuccess(found -> found.ifPresentOrElse(stored -> MediaDownload.relay(ctx, stored, errors),
                        () -> errors.write(ctx, ApiFailure.notFound("No media '" + name + "' for task " + taskId))))
                .onFailure(failure -> errors.write(ctx, Failures.toApi(failure)));
    }
}
