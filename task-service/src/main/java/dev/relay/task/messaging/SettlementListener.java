package dev.relay.task.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.contracts.SettlementRecorded;
import dev.relay.task.config.TaskConfig;
import dev.relay.task.service.TaskService;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * {@code relay.settlements} (group {@code task-service}): settlement-service's confirmed payments of opengpu tasks,
 * kept on the task as the receipt its poll shows.
 */
@ApplicationScoped
public class SettlementListener {

    private static final Logger LOG = Logger.getLogger(SettlementListener.class);

    private final TaskService tasks;
    private final ObjectMapper json;
    private final long backoffMs;

    public SettlementListener(TaskService tasks, ObjectMapper json, TaskConfig config) {
        this.tasks = tasks;
        this.json = json;
        this.backoffMs = config.statusRetryBackoff().toMillis();
    }

    @Incoming("settlements")
    @Blocking
    public void onSettlement(String value) throws InterruptedException {
        SettlementRecorded settlement;
        try {
            settlement = json.readValue(value, SettlementRecorded.class);
        } catch (Exception e) {
            LOG.warn("ignoring an unreadable relay.settlements record");
            return;
        }
        if (settlement == null || settlement.taskId() == null || !settlement.taskId().startsWith("opengpu:")) {
            return;
        }
        UntilApplied.run("settlement of task " + settlement.taskId(), backoffMs,
                () -> tasks.applySettlement(settlement));
    }
}
