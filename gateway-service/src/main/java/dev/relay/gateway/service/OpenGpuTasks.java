package dev.relay.gateway.service;

import dev.relay.gateway.config.OpenGpuConfig;
import dev.relay.opengpu.TaskBook;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Where an opengpu task lives on the OpenGPU chain: the CREATE2 address its id gives in the TaskBook of Relay's
 * operator ({@code relay.opengpu.operator}), where settlement-service creates the task's contract when it pays the
 * provider. Computed here, without asking the chain. Made at startup, so that an operator that is not an address
 * stops the gateway before it serves anything.
 */
@Startup
@ApplicationScoped
public class OpenGpuTasks {

    private static final String OPENGPU = "opengpu";

    /** Null when no operator is configured. */
    private final TaskBook book;

    public OpenGpuTasks(OpenGpuConfig config) {
        this.book = config.operator().map(String::strip).filter(operator -> !operator.isEmpty())
                .map(OpenGpuTasks::bookOf).orElse(null);
    }

    /** The address of task {@code taskId}, run in {@code mode}; null in direct mode or without an operator. */
    public String address(String mode, String taskId) {
        return book != null && OPENGPU.equals(mode) ? book.taskAddress(taskId) : null;
    }

    private static TaskBook bookOf(String operator) {
        try {
            return TaskBook.operatedBy(operator);
        } catch (IllegalArgumentException notAnAddress) {
            throw new IllegalStateException("relay.opengpu.operator (RELAY_OPENGPU_OPERATOR), the operator of Relay's"
                    + " TaskBook, is given but not usable: " + notAnAddress.getMessage());
        }
    }
}
