package dev.relay.gateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.ext.web.multipart.MultipartForm;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Calls to media workers (their OpenAI-compatible image, audio and video endpoints), on a pool of their own: a media
 * call holds its connection for seconds to minutes and must not take the places of chat's or peers' calls. Every
 * failure is a {@link MediaWorkerFailure} saying whether another worker may be tried.
 */
@Startup
@ApplicationScoped
public class MediaWorkerClient {

    /** A worker's binary answer: its bytes and their type. */
    public record Media(byte[] bytes, String contentType) {
    }

    private final WebClient web;
    private final ObjectMapper json;

    public MediaWorkerClient(Vertx vertx, ObjectMapper json) {
        this.web = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout(2000)
                .setMaxPoolSize(32)
                .setKeepAlive(true)
                .setFollowRedirects(false));
        this.json = json;
    }

    public Uni<JsonNode> postJson(String url, JsonNode body, Duration timeout) {
        return answered(request(HttpMethod.POST, url, timeout).putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(write(body))), url).map(this::readJson);
    }

    public Uni<Media> postForMedia(String url, JsonNode body, Duration timeout) {
        return answered(request(HttpMethod.POST, url, timeout).putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(write(body))), url).map(MediaWorkerClient::media);
    }

    /** A multipart form as OpenAI's transcription endpoint takes it: text fields and one file, {@code file}. */
    public Uni<JsonNode> postForm(String url, Map<String, String> fields, byte[] file, String fileType,
            Duration timeout) {
        MultipartForm form = MultipartForm.create();
        fields.forEach(form::attribute);
        form.binaryFileUpload("file", "audio" + extension(fileType), Buffer.buffer(file), fileType);
        return answered(request(HttpMethod.POST, url, timeout).sendMultipartForm(form), url).map(this::readJson);
    }

    public Uni<JsonNode> getJson(String url, Duration timeout) {
        return answered(request(HttpMethod.GET, url, timeout).send(), url).map(this::readJson);
    }

    public Uni<Media> getMedia(String url, Duration timeout) {
        return answered(request(HttpMethod.GET, url, timeout).send(), url).map(MediaWorkerClient::media);
    }

    /** Best effort: a worker that keeps what it made for an hour is asked to let it go now. */
    public void delete(String url) {
        request(HttpMethod.DELETE, url, Duration.ofSeconds(5)).send().subscribe().with(ignored -> {
        }, ignored -> {
        });
    }

    private HttpRequest<Buffer> request(HttpMethod method, String url, Duration timeout) {
        return web.requestAbs(method, url).timeout(timeout.toMillis());
    }

    /** A 2xx answer; anything else as a {@link MediaWorkerFailure}, with the worker's own message for a 4xx. */
    private Uni<HttpResponse<Buffer>> answered(Uni<HttpResponse<Buffer>> sent, String url) {
        return sent.onFailure().transform(failure -> failure instanceof TimeoutException
                ? new MediaWorkerFailure(504, "The worker did not answer in time", true, true)
                : new MediaWorkerFailure(502, "The worker could not be reached", true, false))
                .map(response -> {
                    int status = response.statusCode();
                    if (status >= 200 && status < 300) {
                        return response;
                    }
                    if (status >= 400 && status < 500 && status != 408 && status != 429) {
                        throw new MediaWorkerFailure(status, workerMessage(response), false, false);
                    }
                    throw new MediaWorkerFailure(502, "The worker answered " + status, true, false);
                });
    }

    /** The OpenAI envelope's message, as workers write it; the status alone when there is none. */
    private String workerMessage(HttpResponse<Buffer> response) {
        try {
            String message = json.readTree(bytes(response)).path("error").path("message").asText(null);
            if (message != null && !message.isBlank()) {
                return "The worker refused the request: " + message;
            }
        } catch (IOException | RuntimeException unreadable) {
            // fall through: the status says enough
        }
        return "The worker refused the request (" + response.statusCode() + ")";
    }

    private JsonNode readJson(HttpResponse<Buffer> response) {
        try {
            return json.readTree(bytes(response));
        } catch (IOException | RuntimeException e) {
            throw new MediaWorkerFailure(502, "The worker's answer could not be read", true, false);
        }
    }

    private static Media media(HttpResponse<Buffer> response) {
        String type = response.getHeader("Content-Type");
        return new Media(bytes(response), type == null ? "application/octet-stream" : type);
    }

    private static byte[] bytes(HttpResponse<Buffer> response) {
        Buffer body = response.body();
        return body == null ? new byte[0] : body.getBytes();
    }

    private byte[] write(JsonNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a worker request", e);
        }
    }

    private static String extension(String type) {
        return switch (type) {
            case "audio/wav" -> ".wav";
            case "audio/mpeg" -> ".mp3";
            case "audio/ogg" -> ".ogg";
            case "audio/flac" -> ".flac";
            case "audio/mp4" -> ".m4a";
            case "audio/webm" -> ".webm";
            default -> "";
        };
    }
}
