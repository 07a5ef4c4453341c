package dev.relay.task.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.task.config.TaskConfig;
import dev.relay.task.service.TaskMediaService;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Refuses a media upload that declares a length over {@code relay.task.media.max-bytes}, in the OpenAI envelope and
 * before its body is read. It runs ahead of Quarkus' own body limit ({@code quarkus.http.limits.max-body-size}), which
 * would answer with an empty 413; a body of undeclared length (chunked) is counted as it is read instead, and the
 * startup check below keeps Quarkus' limit above the media limit so that the count, not Quarkus, refuses it. What is
 * sent of the body after the answer is discarded by {@link MediaUploadDrain}, which closes the connection then.
 */
@ApplicationScoped
public class MediaUploadLimit {

    /** The media upload's route, {@code PUT} only. */
    static final String UPLOAD_PATH = "/internal/tasks/:taskId/media/:name";

    /** Before Quarkus checks a declared length, at route order -2. */
    static final int ORDER = -3;

    void install(@Observes Router router, TaskConfig config, ObjectMapper json) {
        int maxBytes = config.media().maxBytes();
        checkLimits(maxBytes);
        String refusal = envelope(json, maxBytes);
        router.put(UPLOAD_PATH).order(ORDER)
                .handler(context -> refuseDeclaredOver(context, maxBytes, refusal));
    }

    private static void refuseDeclaredOver(RoutingContext context, int maxBytes, String refusal) {
        if (!declaresMoreThan(context.request().getHeader(HttpHeaders.CONTENT_LENGTH), maxBytes)) {
            context.next();
            return;
        }
        context.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(refusal);
    }

    private static boolean declaresMoreThan(String contentLength, int maxBytes) {
        try {
            return contentLength != null && Long.parseLong(contentLength.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return false; // the HTTP codec refuses a malformed length before any route
        }
    }

    private static void checkLimits(int maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalStateException("relay.task.media.max-bytes must not be negative, not " + maxBytes);
        }
        long httpLimit = ConfigProvider.getConfig()
                .getOptionalValue("quarkus.http.limits.max-body-size", MemorySize.class)
                .map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
        if (httpLimit <= maxBytes) {
            throw new IllegalStateException("quarkus.http.limits.max-body-size (" + httpLimit
                    + " bytes) must be larger than relay.task.media.max-bytes (" + maxBytes
                    + "): else the HTTP server refuses uploads the media limit allows, with an empty 413");
        }
    }

    private static String envelope(ObjectMapper json, int maxBytes) {
        try {
            return json.writeValueAsString(ErrorMappers.body(TaskMediaService.tooLarge(maxBytes)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the 413 envelope cannot be written", e);
        }
    }
}
