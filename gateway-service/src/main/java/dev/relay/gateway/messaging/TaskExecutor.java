package dev.relay.gateway.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.contracts.TaskRequested;
import dev.relay.contracts.TaskStatus;
import dev.relay.contracts.internal.TaskSubmission;
import dev.relay.gateway.config.GatewayConfig;
import dev.relay.gateway.service.ChatTaskRunner;
import dev.relay.gateway.service.MediaTaskRunner;
import dev.relay.gateway.service.TaskOutcome;
import dev.relay.gateway.service.UnsettledRequests;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.PausableChannel;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.jboss.logging.Logger;

/**
 * The gateway as the executor of async tasks (chat, and media: images, speech, transcriptions, videos): reads {@code relay.tasks.requested} (group
 * {@code relay-gateway-executors}), runs up to {@code relay.gateway.tasks.max-concurrent} tasks at once, and for each
 * one publishes {@code running} then {@code completed} or {@code failed} on {@code relay.tasks.status}.
 *
 * <p>A task's record is acknowledged only when the broker acknowledged its terminal status (the terminal message
 * carries the record's acknowledgement), and the throttled commit strategy commits no offset past an unacknowledged
 * record. So a gateway that dies mid-task leaves the task to be redelivered to another replica, which runs it again
 * (charged once: see {@code UsageMeter.forTask}; task-service keeps the first terminal status), unless task-service
 * already stored its outcome: a task delivered again after it finished is acknowledged without running.
 */
@ApplicationScoped
public class TaskExecutor {

    private static final Logger LOG = Logger.getLogger(TaskExecutor.class);
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    public static final String CHANNEL = "tasks-requested";
    /**
     * The same topic read again, by a consumer group of its own, for media tasks: a video may take half an hour,
     * which the chat channel's record age check (a stuck chat task makes the gateway unhealthy) cannot allow, and
     * media tasks in every slot would keep async chat waiting. Each channel acknowledges the other's tasks unread.
     */
    public static final String MEDIA_CHANNEL = "media-tasks-requested";

    private final ChatTaskRunner runner;
    private final MediaTaskRunner media;
    private final UnsettledRequests unsettled;
    private final ObjectMapper json;
    private final int maxConcurrent;
    private final int maxConcurrentMedia;

    public TaskExecutor(ChatTaskRunner runner, MediaTaskRunner media, UnsettledRequests unsettled, ObjectMapper json,
            GatewayConfig config) {
        this.runner = runner;
        this.media = media;
        this.unsettled = unsettled;
        this.json = json;
        this.maxConcurrent = config.tasks().maxConcurrent();
        this.maxConcurrentMedia = config.tasks().maxConcurrentMedia();
    }

    /**
     * Shutdown begins, before Quarkus waits for the HTTP requests in flight (up to {@code quarkus.shutdown.timeout};
     * the event needs {@code quarkus.shutdown.delay-enabled}): from now on no task is taken or started here.
     */
    void shutdownBegins(@Observes ShutdownDelayInitiatedEvent event, ChannelRegistry channels) {
        LOG.info("shutting down: no more async tasks are taken or started here; they stay in Kafka for other replicas");
        stopTakingTasks(channels);
    }

    /** The same, at the latest: first of the shutdown observers, where the earlier event did not come. */
    public void stopTakingTasks(@Observes @Priority(Interceptor.Priority.APPLICATION - 1) ShutdownEvent event,
            ChannelRegistry channels) {
        stopTakingTasks(channels);
    }

    /**
     * No more records are taken (the channel is pausable), so the partition's backlog stays in Kafka, uncommitted, for
     * the replica that takes it over; and no task taken already starts.
     */
    private void stopTakingTasks(ChannelRegistry channels) {
        unsettled.beginShutdown();
        for (String channel : List.of(CHANNEL, MEDIA_CHANNEL)) {
            PausableChannel intake = channels.getPausable(channel);
            if (intake != null) {
                intake.pause();
            }
        }
    }

    @Incoming(CHANNEL)
    @Outgoing("tasks-status")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL) // the default for message streams; the terminal status acks
    public Multi<Message<String>> execute(Multi<Message<String>> requests) {
        // Merged, not concatenated: one slow task does not hold up the next; the bound keeps the rest in Kafka.
        return requests.onItem().transformToMulti(request -> execute(request, false)).merge(maxConcurrent);
    }

    @Incoming(MEDIA_CHANNEL)
    @Outgoing("tasks-status")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Multi<Message<String>> executeMedia(Multi<Message<String>> requests) {
        return requests.onItem().transformToMulti(request -> execute(request, true)).merge(maxConcurrentMedia);
    }

    /** A task without a kind comes from a producer older than media tasks: a chat. */
    static boolean isMedia(TaskSubmission task) {
        return task.kind() != null && !TaskSubmission.CHAT.equals(task.kind());
    }

    private Multi<Message<String>> execute(Message<String> request, boolean mediaLane) {
        if (unsettled.shuttingDown()) {
            // Neither run nor acknowledged: no offset is committed past it, so the replica that takes over this
            // partition runs it. Started here, it would be cut off at the end of the shutdown wait.
            return Multi.createFrom().empty();
        }
        TaskSubmission task = parse(request.getPayload());
        if (task == null || isMedia(task) != mediaLane) {
            request.ack(); // unreadable, or the other channel's to run
            return Multi.createFrom().empty();
        }
        return runner.alreadyFinished(task).onItem().transformToMulti(finished -> {
            if (finished) {
                request.ack();
                return Multi.createFrom().empty();
            }
            return unsettled.shuttingDown() ? Multi.createFrom().empty() : run(task, request);
        });
    }

    private Multi<Message<String>> run(TaskSubmission task, Message<String> request) {
        Message<String> running = status(task.taskId(), TaskStatus.RUNNING, null, null);
        Uni<TaskOutcome> run = isMedia(task) ? media.run(task) : runner.run(task);
        Multi<Message<String>> ending = run.onItem().transformToMulti(outcome -> outcome.left()
                // Shutdown began before it started, or cut it off: not ended and not acknowledged, so another replica
                // runs it. It is announced queued again, else its poll would say running until then. Not tied to the
                // record: whatever becomes of this message, the record stays unacknowledged.
                ? Multi.createFrom().item(status(task.taskId(), TaskStatus.QUEUED, null, null))
                : Multi.createFrom().item(terminal(task.taskId(), outcome)
                        .withAck(request::ack)
                        // Not nacked: that would stop the channel. Left unacknowledged, the record is redelivered
                        // once this consumer is replaced (its health reports it after the commit strategy's max age).
                        .withNack(failure -> {
                            LOG.errorf("terminal status of task %s not published, left for redelivery: %s",
                                    task.taskId(), failure.toString());
                            return CompletableFuture.completedFuture(null);
                        })));
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(running), ending);
    }

    private Message<String> terminal(String taskId, TaskOutcome outcome) {
        if (outcome.failure() == null) {
            return status(taskId, TaskStatus.COMPLETED, json.convertValue(outcome.result(), JSON_OBJECT), null);
        }
        return status(taskId, TaskStatus.FAILED, null, outcome);
    }

    private Message<String> status(String taskId, String status, Map<String, Object> result, TaskOutcome failed) {
        TaskStatus event = new TaskStatus(UUID.randomUUID().toString(), taskId, status, result,
                failed == null ? null : failed.failure().status(), failed == null ? null : failed.failure().code(),
                failed == null ? null : failed.failure().getMessage(), Instant.now());
        try {
            return Message.of(json.writeValueAsString(event))
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(taskId).build());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a task status cannot be written as JSON", e);
        }
    }

    /** A record no executor can run is skipped (acknowledged), never retried forever. */
    private TaskSubmission parse(String payload) {
        try {
            TaskRequested event = json.readValue(payload, TaskRequested.class);
            if (event != null && event.task() != null && event.task().taskId() != null) {
                return event.task();
            }
        } catch (Exception e) {
            // logged below
        }
        LOG.errorf("skipping an unusable relay.tasks.requested record");
        return null;
    }
}
