package dev.relay.task.api;

import dev.relay.contracts.internal.ApiError;
import dev.relay.contracts.internal.TaskSubmission;
import dev.relay.task.service.TaskService;
import dev.relay.task.service.TaskWatch;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;

/** Service-to-service API (never exposed by the Ingress): gateways create tasks and poll them for their callers. */
@Path("/internal/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TaskResource {

    private final TaskService tasks;
    private final TaskWatch watch;

    public TaskResource(TaskService tasks, TaskWatch watch) {
        this.tasks = tasks;
        this.watch = watch;
    }

    /** 201 once the task is stored and its event acknowledged by the broker; 503 when it could not be queued. */
    @POST
    public Response create(TaskSubmission submission) {
        return Response.status(201).entity(TaskView.of(tasks.create(submission))).build();
    }

    /**
     * The task if it belongs to {@code account_id} (else 404); with {@code wait=N}, answers as soon as it finished or
     * after N seconds (at most {@code relay.task.long-poll.max-wait}), whichever comes first.
     */
    @GET
    @Path("/{id}")
    public Uni<TaskView> get(@PathParam("id") String id, @QueryParam("account_id") String accountId,
            @QueryParam("wait") String wait) {
        return watch.await(id, AccountParam.required(accountId), Duration.ofSeconds(seconds(wait))).map(TaskView::of);
    }

    private static long seconds(String wait) {
        if (wait == null || wait.isBlank()) {
            return 0;
        }
        String digits = wait.trim();
        if (!digits.matches("[0-9]{1,1000}")) {
            throw ApiError.invalidValue("wait", "wait must be a whole number of seconds, 0 or more.");
        }
        // Any wait past the longest is the longest (cut later), however many digits it has.
        return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
    }
}
