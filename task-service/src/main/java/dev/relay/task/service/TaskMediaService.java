package dev.relay.task.service;

import dev.relay.contracts.internal.ApiError;
import dev.relay.contracts.internal.StorableText;
import dev.relay.task.config.TaskConfig;
import dev.relay.task.persistence.TaskMedia;
import dev.relay.task.persistence.TaskMediaChunkRepository;
import dev.relay.task.persistence.TaskMediaRepository;
import dev.relay.task.persistence.TaskMediaRepository.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Media of tasks, too large for Kafka events: a gateway uploads a transcription's input before it creates the task,
 * an executor the outputs before it publishes the task's completion, and the gateway reads them for its callers. Each
 * is its uploader's account's alone; once the task finished, its media no longer change. They are stored and served
 * in chunks of {@link #CHUNK_BYTES}, one at a time: a transfer holds one chunk in memory, never a whole medium.
 */
@ApplicationScoped
public class TaskMediaService {

    private static final Logger LOG = Logger.getLogger(TaskMediaService.class);

    /** The largest chunk an upload is cut into: what one upload or download holds in memory. */
    private static final int CHUNK_BYTES = 1 << 20;

    /** {@code input}, {@code 0}, {@code 1}, ...: a name that is also a safe URL path segment. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,32}");

    private final TaskMediaRepository repository;
    private final TaskMediaChunkRepository chunks;
    private final int maxBytes;

    public TaskMediaService(TaskMediaRepository repository, TaskMediaChunkRepository chunks, TaskConfig config) {
        this.repository = repository;
        this.chunks = chunks;
        this.maxBytes = config.media().maxBytes();
    }

    /**
     * Stores the body under the task and name, replacing an earlier upload of the same account (an executor running
     * the task again replaces its own) once the whole body is written: until then readers get the earlier one.
     * {@code contentType} is a valid media type; it is served back as given.
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
        // Refused before the body is read, so that it is not written in vain; checked again when it is stored.
        repository.refusal(taskId, name, accountId).ifPresent(TaskMediaService::refuse);
        long version = repository.begin(taskId, name, accountId, contentType, Instant.now());
        try {
            long size = writeChunks(version, body);
            repository.store(version, taskId, name, accountId, size, Instant.now())
                    .ifPresent(TaskMediaService::refuse);
        } catch (RuntimeException e) {
            discard(version);
            throw e;
        }
    }

    /**
     * The medium as its account uploaded it, described: its bytes are written by {@link #copy}.
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

    /**
     * Writes the medium's bytes to {@code out}, chunk by chunk: each chunk is read once {@code out} took the one
     * before, so a slow reader holds one chunk, not the medium.
     *
     * @throws MediaReplacedException once the medium was replaced or deleted since it was found (its version's chunks
     *     are gone): the bytes written so far are the found version's, and no other's may follow them
     */
    public void copy(TaskMedia media, OutputStream out) throws IOException {
        long written = 0;
        for (int seq = 0; written < media.size(); seq++) {
            byte[] chunk = chunks.read(media.version(), seq).orElseThrow(MediaReplacedException::new);
            out.write(chunk);
            // Sent on at once (the response's own buffer would hold a small chunk), so that the headers are out with
            // the first bytes: a medium replaced later can only cut the response short, never change its answer.
            out.flush();
            written += chunk.length;
        }
    }

    /** The refusal of a body over {@code maxBytes}, whether counted or declared. */
    public static ApiError tooLarge(int maxBytes) {
        return ApiError.of(413, "invalid_request_error", "request_too_large",
                "Media may be at most " + maxBytes + " bytes.");
    }

    /** Writes the body as the upload's chunks, counting as it reads; answers its length. */
    private long writeChunks(long version, InputStream body) {
        if (body == null) {
            return 0;
        }
        long size = 0;
        try {
            for (int seq = 0;; seq++) {
                // One byte past the limit tells an upload that is too large, without reading the rest of it.
                byte[] chunk = body.readNBytes((int) Math.min(CHUNK_BYTES, maxBytes - size + 1));
                if (chunk.length == 0) {
                    return size;
                }
                size += chunk.length;
                if (size > maxBytes) {
                    throw tooLarge(maxBytes);
                }
                chunks.write(version, seq, chunk);
            }
        } catch (IOException e) {
            throw ApiError.of(400, "invalid_request_error", "invalid_body", "The request body could not be read.");
        }
    }

    /** Deletes an upload that failed; retention deletes it later when even that fails (the database being down). */
    private void discard(long version) {
        try {
            repository.discard(version);
        } catch (RuntimeException e) {
            LOG.warnf("media upload %d not discarded, retention will delete it: %s", version, e.getMessage());
        }
    }

    private static void refuse(Refusal refusal) {
        throw switch (refusal) {
            case OTHER_ACCOUNT -> TaskWatch.notFound();
            case TASK_FINISHED -> ApiError.conflict(null,
                    "The task has finished: its result names its media, which can no longer change.");
        };
    }

    private static boolean isName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    private static ApiError notFound() {
        return ApiError.notFound("No media with this name exists for this task and account.");
    }
}
