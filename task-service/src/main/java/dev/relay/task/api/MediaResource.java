package dev.relay.task.api;

import dev.relay.contracts.internal.ApiError;
import dev.relay.contracts.internal.StorableText;
import dev.relay.task.persistence.TaskMedia;
import dev.relay.task.service.TaskMediaService;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.Optional;

/**
 * Service-to-service API for a task's media (images, audio, video), too large for Kafka events: gateways upload a
 * transcription's input and read outputs for their callers, executors upload outputs. Bodies are raw bytes, streamed
 * both ways on worker threads one chunk at a time: an upload is stored as it is read (and refused once it passes the
 * limit), a download is read from the database as the caller takes it, so neither holds a whole medium in memory.
 * The downloads being sent at once are bounded ({@link MediaDownloads}).
 */
@Path("/internal/tasks/{taskId}/media/{name}")
public class MediaResource {

    /** Longer than any real media type with its parameters. */
    private static final int MAX_CONTENT_TYPE = 255;

    private final TaskMediaService media;
    private final MediaDownloads downloads;

    public MediaResource(TaskMediaService media, MediaDownloads downloads) {
        this.media = media;
        this.downloads = downloads;
    }

    /** 204 once stored; see {@link TaskMediaService#store} for the refusals. */
    @PUT
    @Consumes(MediaType.WILDCARD)
    public Response put(@PathParam("taskId") String taskId, @PathParam("name") String name,
            @QueryParam("account_id") String accountId, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            InputStream body) {
        media.store(taskId, name, AccountParam.required(accountId), checked(contentType), body);
        return Response.noContent().build();
    }

    /**
     * 200 with the bytes, written chunk by chunk as the caller takes them, and the type they were uploaded with; 404
     * when not the account's or not there; 503 with {@code Retry-After} while {@code relay.task.media.max-downloads}
     * are being sent. A medium replaced while it is sent ends the connection short of its length: the caller never
     * gets two versions' bytes as one.
     */
    @GET
    public Response get(@PathParam("taskId") String taskId, @PathParam("name") String name,
            @QueryParam("account_id") String accountId, @Context HttpServerRequest request) {
        Optional<MediaDownloads.Place> taken = downloads.take();
        if (taken.isEmpty()) {
            return ErrorMappers.retryLater(MediaDownloads.full(), MediaDownloads.RETRY_AFTER_SECONDS);
        }
        MediaDownloads.Place place = taken.get();
        try {
            TaskMedia found = media.find(taskId, name, AccountParam.required(accountId));
            // From here the body's writer gives the place back once it is done; Quarkus runs it for every 200, a
            // caller gone before it included (whose first write then fails).
            return described(Response.ok(new MediaDownload(media, found, request, place)), found);
        } catch (RuntimeException refused) {
            place.giveBack();
            throw refused;
        }
    }

    /** GET's headers, its length included, without reading the bytes. */
    @HEAD
    public Response head(@PathParam("taskId") String taskId, @PathParam("name") String name,
            @QueryParam("account_id") String accountId) {
        return described(Response.ok(), media.find(taskId, name, AccountParam.required(accountId)));
    }

    private static Response described(Response.ResponseBuilder response, TaskMedia found) {
        return response.header(HttpHeaders.CONTENT_TYPE, found.contentType())
                .header(HttpHeaders.CONTENT_LENGTH, found.size())
                // Outputs are read once the task's result names them, when they can no longer change; the gateway's
                // caller may keep them, for itself only (they are an account's own).
                .header(HttpHeaders.CACHE_CONTROL, "private, max-age=3600")
                .build();
    }

    /** The uploader's media type, required: it is served back with the bytes, so it must parse as one. */
    private static String checked(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw ApiError.invalidValue("Content-Type", "A Content-Type header naming the media's type is required.");
        }
        try {
            if (contentType.length() <= MAX_CONTENT_TYPE && StorableText.storable(contentType)) {
                MediaType.valueOf(contentType);
                return contentType;
            }
        } catch (IllegalArgumentException e) {
            // refused below
        }
        throw ApiError.invalidValue("Content-Type", "Content-Type must be a media type of at most "
                + MAX_CONTENT_TYPE + " characters.");
    }
}
