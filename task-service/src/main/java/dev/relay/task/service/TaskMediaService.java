package dev.relay.task.service;

import dev.relay.contracts.internal.ApiError;
import dev.relay.contracts.internal.StorableText;
import dev.relay.task.config.TaskConfig;
import dev.relay.task.persistence.TaskMedia;
import dev.relay.task.persistence.TaskMediaRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Media of tasks, too large for Kafka events: a gateway uploads a transcription's input before it creates the task,
 * an executor the outputs before it publishes the task's completion, and the gateway reads them for its callers. Each
 * is its uploader's account's alone; once the task finished, its media no longer change.
 */
@ApplicationScoped
public class TaskMediaService {

    /** {@code input}, {@code 0}, {@code 1}, ...: a name that is also a safe URL path segment. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,32}");

    private final TaskMediaRepository repository;
    private final int maxBytes;

    public TaskMediaService(TaskMediaRepository repository, TaskConfig config) {
        this.repository = repository;
        this.maxBytes = config.media().maxBytes();
    }

    /**
     * Stores the body under the task and name, replacing an earlier upload of the same account (an executor running
     * the task again replaces its own). {@code contentType} is a valid media type; it is served back as given.
     *
     * @throws ApiError 400 for a malformed task id, name or account, 413 past {@code relay.task.media.max-bytes}, 404
     *     when the task (or the name's earlier upload) is another account's, 409 when the task has finished
     */
    public void store(String taskId, String name, String accountId, String contentType, InputStream body) {
        if (!TaskSubmissions.isTaskId(taskId)) {
            throw ApiError.invalidValue("taskId", "The task id must be direct:<uuid> or opengpu:<uuid>.");
        }
        if (!isName(name)) {
            throw ApiError.invalidValue("name", "A media name is 1 to 32 characters of a-z, 0-9, _ and -.");
        }
        if (!StorableText.storable(accountId)) {
            throw ApiError.invalidValue("account_id", "account_id must not contain control characters.");
        }
        TaskMedia media = new TaskMedia(taskId, name, accountId, contentType, read(body));
        switch (repository.store(media, Instant.now())) {
            case OTHER_ACCOUNT -> throw TaskWatch.notFound();
            case TASK_FINISHED -> throw ApiError.conflict(null,
                    "The task has finished: its result names its media, which can no longer change.");
            case STORED -> {
            }
        }
    }

    /**
     * The medium as its account uploaded it.
     *
     * @throws ApiError 404 when there is none under this task and name for this account (another account's neither)
     */
    public TaskMedia find(String taskId, String name, String accountId) {
        // Nothing can be stored under such an id, name or owner; PostgreSQL would refuse a NUL rather than find nothing.
        if (!TaskSubmissions.isTaskId(taskId) || !isName(name) || !StorableText.storable(accountId)) {
            throw notFound();
        }
        return repository.findOwned(taskId, name, accountId).orElseThrow(TaskMediaService::notFound);
    }

    /** The refusal of a body over {@code maxBytes}, whether counted or declared. */
    public static ApiError tooLarge(int maxBytes) {
        return ApiError.of(413, "invalid_request_error", "request_too_large",
                "Media may be at most " + maxBytes + " bytes.");
    }

    private byte[] read(InputStream body) {
        if (body == null) {
            return new byte[0];
        }
        try {
            // One byte past the limit tells an upload that is too large, without reading the rest of it.
            byte[] bytes = body.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw tooLarge(maxBytes);
            }
            return bytes;
        } catch (IOException e) {
            throw ApiError.of(400, "invalid_request_error", "invalid_body", "The request body could not be read.");
        }
    }

    private static boolean isName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    private static ApiError notFound() {
        return ApiError.notFound("No media with this name exists for this task and account.");
    }
}
