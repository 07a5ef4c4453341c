package dev.relay.gateway.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.contracts.internal.TaskSubmission;
import dev.relay.gateway.client.MediaStoreRefusal;
import dev.relay.gateway.client.TaskClient;
import dev.relay.gateway.messaging.UsagePublisher;
import dev.relay.gateway.proxy.ChatCall;
import dev.relay.gateway.service.Admitted;
import dev.relay.gateway.service.ApiFailure;
import dev.relay.gateway.service.Caller;
import dev.relay.gateway.service.ChatService;
import dev.relay.gateway.service.Reservation;
import dev.relay.gateway.service.UsageMeter;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * {@code async: true} on the OpenAI chat endpoints, and every media request: an admitted request (its worst case
 * already held) becomes a task in task-service and the client gets 202 with where to poll it. The task runs later, wherever an executor picks it
 * up; if task-service cannot take it, the hold is released the way every request that never ran releases it (a usage
 * event with zero tokens) and the client gets 503.
 */
@ApplicationScoped
public class AsyncChatSubmission {

    private static final Logger LOG = Logger.getLogger(AsyncChatSubmission.class);
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    private final ChatService chat;
    private final TaskClient tasks;
    private final UsagePublisher usage;
    private final ObjectMapper json;

    public AsyncChatSubmission(ChatService chat, TaskClient tasks, UsagePublisher usage, ObjectMapper json) {
        this.chat = chat;
        this.tasks = tasks;
        this.usage = usage;
        this.json = json;
    }

    /** A task belongs to the account that polls it: a guest has none. */
    static ApiFailure guestRefused() {
        return new ApiFailure(401, "invalid_request_error", "invalid_api_key",
                "An async task belongs to an account: it needs an API key (X-API-Key or Authorization: Bearer)");
    }

    /** {@code task} is what the request runs as (its answer names it in headers, as every chat answer does). */
    void submit(RoutingContext ctx, Caller caller, Admitted admitted, ChatEndpoint.Task task, ErrorWriter errors) {
        // The executor routes the task again when it runs it: this route's first candidate never gets the request.
        chat.releaseFirst(admitted.decision());
        ChatCall call = admitted.call();
        String taskId = task.id();
        ApiFailure declined = chat.declinedByEveryWorker(call, admitted.decision());
        if (declined != null) {
            release(caller, taskId, call.requestId(), admitted.billedModel(call.requestedModel()), admitted.mode(),
                    admitted.reservation());
            errors.write(ctx, declined);
            return;
        }
        TaskSubmission submission = new TaskSubmission(taskId, TaskSubmission.CHAT, caller.accountId(), caller.keyId(),
                caller.tier(), admitted.mode(), call.requestedModel(), admitted.reservation().id(),
                admitted.reservation().amountMicro(), json.convertValue(call.body(), JSON_OBJECT), call.requestId());
        queue(ctx, caller, submission, admitted.billedModel(call.requestedModel()), admitted.reservation(), task,
                errors, Uni.createFrom().item(true));
    }

    /**
     * Queues an admitted task, its credit held, and answers 202; {@code prepared} (a task's input stored) comes
     * first. When either fails the hold is released and the client gets 503.
     */
    void queue(RoutingContext ctx, Caller caller, TaskSubmission submission, String billedModel, Reservation held,
            ChatEndpoint.Task task, ErrorWriter errors, Uni<Boolean> prepared) {
        String taskId = submission.taskId();
        Uni<Boolean> queued = prepared.chain(ready -> ready ? tasks.create(submission) : Uni.createFrom().item(false));
        RequestTracking.fromPeer(ctx, queued).subscribe().with(accepted -> {
            if (accepted) {
                ChatEndpoint.name(ctx, task);
                accepted(ctx, taskId);
            } else {
                notQueued(ctx, caller, submission, billedModel, held, errors);
            }
        }, failure -> {
            if (failure instanceof MediaStoreRefusal refused) {
                // The task's input itself was refused (too large to keep): retrying would not help.
                release(caller, taskId, submission.requestId(), billedModel, submission.mode(), held);
                errors.write(ctx, new ApiFailure(refused.status() == 413 ? 413 : 400, "invalid_request_error",
                        "invalid_request", refused.getMessage()));
                return;
            }
            LOG.warnf("task-service did not take task %s: %s", taskId, failure.toString());
            notQueued(ctx, caller, submission, billedModel, held, errors);
        });
    }

    private void accepted(RoutingContext ctx, String taskId) {
        var body = json.createObjectNode()
                .put("task_id", taskId)
                .put("status", "queued")
                .put("poll_url", "/v2/tasks/" + taskId)
                .put("message", "Task accepted: poll poll_url (add ?wait=N to wait up to N seconds) until its status "
                        + "is completed or failed.");
        ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json").end(body.toString());
    }

    private void notQueued(RoutingContext ctx, Caller caller, TaskSubmission submission, String billedModel,
            Reservation held, ErrorWriter errors) {
        release(caller, submission.taskId(), submission.requestId(), billedModel, submission.mode(), held);
        errors.write(ctx, ApiFailure.unavailable("The task could not be queued, retry shortly"));
    }

    /** The hold of a task that will not run, released as every request that never ran releases it. */
    private void release(Caller caller, String taskId, String requestId, String billedModel, String mode,
            Reservation held) {
        // Named after the task: should it run all the same (task-service took it but its answer was lost), the
        // release and the run are one event id to billing, which keeps whichever arrives first: never charged twice.
        UsageMeter.forTask(usage, taskId, requestId, caller, billedModel, mode, held).finish("failed", null, 0, 0);
    }
}
