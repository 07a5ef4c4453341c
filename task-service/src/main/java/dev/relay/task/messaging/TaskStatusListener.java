package dev.relay.task.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.contracts.TaskStatus;
import dev.relay.task.config.TaskConfig;
import dev.relay.task.service.TaskService;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * {@code relay.tasks.status} (group {@code task-service}): executors' status events, applied in order per task (the
 * topic is keyed by task id). Applying is idempotent, so a redelivered event is harmless; a database failure is
 * retried here, never skipped, because a skipped terminal event would leave the task running forever.
 */
@ApplicationScoped
public class TaskStatusListener {

    private static final Logger LOG = Logger.getLogger(TaskStatusListener.class);
    private static final Set<String> KNOWN = Set.of(TaskStatus.QUEUED, TaskStatus.RUNNING, TaskStatus.COMPLETED,
            TaskStatus.FAILED);

    private final TaskService tasks;
    private final ObjectMapper json;
    private final long backoffMs;

    public TaskStatusListener(TaskService tasks, ObjectMapper json, TaskConfig config) {
        this.tasks = tasks;
        this.json = json;
        this.backoffMs = config.statusRetryBackoff().toMillis();
    }

    @Incoming("tasks-status")
    @Blocking
    public void onStatus(String value) throws InterruptedException {
        TaskStatus status = parse(value);
        if (status == null) {
            return;
        }
        UntilApplied.run("status " + status.status() + " of task " + status.taskId(), backoffMs,
                () -> tasks.apply(status));
    }

    private TaskStatus parse(String value) {
        try {
            TaskStatus status = json.readValue(value, TaskStatus.class);
            if (status != null && status.taskId() != null && KNOWN.contains(status.status())) {
                return status;
            }
        } catch (Exception e) {
            // logged below: an event nobody can apply must not stop the others
        }
        LOG.warnf("ignoring an unusable relay.tasks.status record");
        return null;
    }
}
