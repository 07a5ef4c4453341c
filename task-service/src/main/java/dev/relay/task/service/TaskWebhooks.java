package dev.relay.task.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.task.api.WebhookEvent;
import dev.relay.task.persistence.Task;
import dev.relay.task.persistence.TaskRepository;
import dev.relay.task.persistence.WebhookDeliveryRepository;
import dev.relay.task.persistence.WebhookEndpointRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.function.Function;

/**
 * Owes webhook events: a task's (its ending, its payment) to the endpoints its account has at that moment, and a test
 * event to the one endpoint that asked.
 */
@ApplicationScoped
public class TaskWebhooks {

    private final TaskRepository tasks;
    private final WebhookEndpointRepository endpoints;
    private final WebhookDeliveryRepository deliveries;
    private final ObjectMapper json;

    public TaskWebhooks(TaskRepository tasks, WebhookEndpointRepository endpoints, WebhookDeliveryRepository deliveries,
            ObjectMapper json) {
        this.tasks = tasks;
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.json = json;
    }

    /**
     * Called in the transaction that finished the task, so that the ending and the callbacks it owes are committed
     * together: neither is lost if the service stops in between.
     */
    public void finished(String taskId) {
        owe(taskId, task -> task.finished() ? WebhookEvent.taskFinished(task) : null);
    }

    /**
     * Called in the transaction that stored an opengpu task's payment receipt. Owed once, with the first receipt
     * (later ones only add confirmations: the poll shows them).
     */
    public void settled(String taskId) {
        owe(taskId, WebhookEvent::taskSettled);
    }

    private void owe(String taskId, Function<Task, WebhookEvent> eventOf) {
        Task task = tasks.findById(taskId);
        // Most accounts poll: no endpoints, no event to write (a result can be large).
        if (task == null || endpoints.count("accountId", task.accountId) == 0) {
            return;
        }
        WebhookEvent event = eventOf.apply(task);
        if (event != null) {
            deliveries.enqueue(task.accountId, event.id(), event.type(), payload(event));
        }
    }

    /**
     * Owes a {@code webhook.test} event to one endpoint, asked for by its account; answers the event's id, or none
     * when the account has no such endpoint.
     */
    public Optional<String> test(String endpointId, String accountId) {
        WebhookEvent event = WebhookEvent.test();
        return deliveries.enqueueFor(endpointId, accountId, event.id(), event.type(), payload(event))
                ? Optional.of(event.id()) : Optional.empty();
    }

    private String payload(WebhookEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("webhook event " + event.id() + " cannot be written as JSON", e);
        }
    }
}
