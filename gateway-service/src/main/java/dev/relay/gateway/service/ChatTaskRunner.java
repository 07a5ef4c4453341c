package dev.relay.gateway.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.contracts.TaskStatus;
import dev.relay.contracts.internal.TaskSubmission;
import dev.relay.gateway.client.TaskClient;
import dev.relay.gateway.dialect.openai.CompletionHeader;
import dev.relay.gateway.dialect.openai.OpenAiChatRequests;
import dev.relay.gateway.dialect.openai.OpenAiTaskSink;
import dev.relay.gateway.messaging.UsagePublisher;
import dev.relay.gateway.proxy.ChatCall;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Runs an accepted async chat task the way a synchronous request runs once admitted: routed again (workers may have
 * come and gone since it was accepted), then the same exchange with the workers, failover and metering, against the
 * credit held when it was accepted (held again if billing released it meanwhile). Its usage event is named after
 * the task, so running it twice charges once.
 */
@ApplicationScoped
public class ChatTaskRunner {

    private static final Logger LOG = Logger.getLogger(ChatTaskRunner.class);

    private final ChatService chat;
    private final UnsettledRequests unsettled;
    private final ChatGate gate;
    private final TaskClient tasks;
    private final OpenAiChatRequests requests;
    private final UsagePublisher usage;
    private final OpenGpuTasks openGpuTasks;
    private final Vertx vertx;
    private final ObjectMapper json;

    public ChatTaskRunner(ChatService chat, ChatGate gate, TaskClient tasks, OpenAiChatRequests requests,
            UsagePublisher usage, OpenGpuTasks openGpuTasks, UnsettledRequests unsettled, Vertx vertx,
            ObjectMapper json) {
        this.chat = chat;
        this.unsettled = unsettled;
        this.gate = gate;
        this.tasks = tasks;
        this.requests = requests;
        this.usage = usage;
        this.openGpuTasks = openGpuTasks;
        this.vertx = vertx;
        this.json = json;
    }

    /**
     * True when task-service has already stored the task's outcome: a redelivered task (its executor stopped after
     * running it, before its record's offset was committed) that need not run again. False when it has not, or cannot
     * say; then the task runs (again), which at worst spends GPU time twice: it is charged once.
     */
    public Uni<Boolean> alreadyFinished(TaskSubmission task) {
        return tasks.storedStatus(task.accountId(), task.taskId())
                .map(status -> status.filter(s -> TaskStatus.COMPLETED.equals(s) || TaskStatus.FAILED.equals(s))
                        .map(s -> {
                            LOG.infof("task %s is already %s: delivered again, not run again", task.taskId(), s);
                            return true;
                        }).orElse(false))
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("task %s: task-service could not say whether it already ran (%s); running it",
                            task.taskId(), failure.toString());
                    return false;
                });
    }

    /** Completes with how the task ended, or that it was left to another replica (shutdown); never fails. */
    public Uni<TaskOutcome> run(TaskSubmission task) {
        Caller payer = new Caller(task.keyId(), task.accountId(), task.tier(), 0, List.of(), task.keyId());
        Reservation held = new Reservation(task.reservationId(), task.reservedMicro(), null);
        ChatCall call;
        try {
            ObjectNode body = json.valueToTree(task.body());
            body.put("mode", task.mode()); // run in the mode it was accepted (and is named) in
            call = requests.read(body, task.taskId());
        } catch (RuntimeException unreadable) {
            return Uni.createFrom().item(notRun(task, payer, held, unreadable));
        }
        // The exchange with the workers runs on one event loop, as a request's does.
        Context loop = vertx.getOrCreateContext();
        return holdAgainIfReleased(task, held)
                .chain(() -> chat.route(payer, call))
                .emitOn(command -> loop.runOnContext(ignored -> command.run()))
                .onItem().transformToUni(decision -> {
                    Admitted admitted = new Admitted(call, decision, held, null);
                    String id = task.taskId().substring(task.taskId().indexOf(':') + 1);
                    OpenAiTaskSink sink = new OpenAiTaskSink(json, CompletionHeader.of(id, call.requestedModel(),
                            task.taskId(), openGpuTasks.address(task.mode(), task.taskId()), task.mode()));
                    UsageMeter meter = UsageMeter.forTask(usage, task.taskId(), requestIdOf(task), payer,
                            admitted.billedModel(call.requestedModel()), task.mode(), held)
                            .leavingCutOffsToRerun(unsettled::workersClosing);
                    boolean started = chat.runTask(admitted, sink, new RequestTiming(), meter);
                    if (!started) {
                        LOG.infof("task %s not started: this gateway is shutting down; left for another replica",
                                task.taskId());
                        return Uni.createFrom().item(TaskOutcome.leftForAnotherReplica());
                    }
                    // One cut off by this gateway's shutdown (its worker connections closed under it) is left for
                    // another replica to run again, not failed for good; its meter published nothing.
                    return sink.outcome().map(outcome -> meter.withheld()
                            ? TaskOutcome.leftForAnotherReplica() : outcome);
                })
                .onFailure().recoverWithItem(failure -> notRun(task, payer, held, failure));
    }

    /**
     * Fails with 402 when the task's hold was released (it waited past billing's horizon) and cannot be made again.
     * When Redis cannot say, the task runs: it was accepted with its credit held. A task run again after billing
     * settled its first run (task-service had not stored the outcome yet) holds again a reservation that nothing will
     * settle: the sweep releases it after the horizon.
     */
    Uni<Void> holdAgainIfReleased(TaskSubmission task, Reservation held) {
        return gate.holdAgainIfReleased(task.accountId(), held)
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("task %s: its hold could not be checked (%s); running it", task.taskId(),
                            failure.toString());
                    return true;
                })
                .invoke(stillHeld -> {
                    if (!stillHeld) {
                        throw ApiFailure.insufficientCredits();
                    }
                }).replaceWithVoid();
    }

    /** A task no worker was asked to run: its hold is released like a refused request's, zero tokens. */
    TaskOutcome notRun(TaskSubmission task, Caller payer, Reservation held, Throwable failure) {
        ApiFailure answer = Failures.toApi(failure);
        LOG.infof("task %s not run: %d %s", task.taskId(), answer.status(), answer.code());
        UsageMeter.forTask(usage, task.taskId(), requestIdOf(task), payer, task.model(), task.mode(), held)
                .finish("failed", null, 0, 0);
        return TaskOutcome.failed(answer);
    }

    /** The submitting request's id, which the task's usage is listed under; the task id for older submissions. */
    static String requestIdOf(TaskSubmission task) {
        return task.requestId() != null ? task.requestId() : task.taskId();
    }
}
