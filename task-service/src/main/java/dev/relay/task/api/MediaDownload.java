package dev.relay.task.api;

import dev.relay.task.persistence.TaskMedia;
import dev.relay.task.service.MediaReplacedException;
import dev.relay.task.service.TaskMediaService;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import org.jboss.logging.Logger;

/**
 * A medium's bytes as GET sends them, read chunk by chunk as the caller takes them: a slow caller blocks the worker
 * thread writing them, it does not make the service buffer the medium. The headers, sent with the first chunk, promise
 * the found version's length; when that version is replaced mid-way (or anything else fails once they are out), the
 * response ends short of it, with nothing else written.
 */
final class MediaDownload implements StreamingOutput {

    private static final Logger LOG = Logger.getLogger(MediaDownload.class);

    private final TaskMediaService media;
    private final TaskMedia found;
    private final HttpServerResponse response;

    MediaDownload(TaskMediaService media, TaskMedia found, HttpServerResponse response) {
        this.media = media;
        this.found = found;
        this.response = response;
    }

    @Override
    public void write(OutputStream out) throws IOException {
        try {
            media.copy(found, out);
        } catch (Throwable failure) {
            if (!response.headWritten()) {
                throw failure; // nothing sent yet: answered in the envelope (503 for media replaced meanwhile)
            }
            // Whatever failed (a direct buffer refused included), nothing may follow the bytes sent but the end of the
            // response. Rethrown, Quarkus would reset it too, but then write an error body that could still reach the
            // caller after the medium's first bytes, as if it were more of them.
            endShort(failure);
        }
    }

    private void endShort(Throwable failure) {
        if (response.closed()) {
            LOG.debugf("media download left by its caller: %s", failure.getMessage()); // a cancelled download
            return;
        }
        if (failure instanceof MediaReplacedException) {
            LOG.infof("media download ended short: %s", failure.getMessage());
        } else {
            LOG.error("media download failed mid-way", failure);
        }
        response.reset();
    }
}
