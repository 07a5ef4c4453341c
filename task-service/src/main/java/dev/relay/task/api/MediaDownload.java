package dev.relay.task.api;

import dev.relay.task.persistence.TaskMedia;
import dev.relay.task.service.MediaReplacedException;
import dev.relay.task.service.TaskMediaService;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.jboss.logging.Logger;

/**
 * A medium's bytes as GET sends them, read chunk by chunk as the caller takes them: a slow caller blocks the worker
 * thread writing them, it does not make the service buffer the medium. The headers, sent with the first chunk, promise
 * the found version's length; when that version is replaced mid-way (or anything else fails once they are out), the
 * response ends short of it, with nothing else written. Its place among the downloads is given back once it is done,
 * however it went; a caller that leaves stops it at the next chunk.
 */
final class MediaDownload implements StreamingOutput {

    private static final Logger LOG = Logger.getLogger(MediaDownload.class);

    private final TaskMediaService media;
    private final TaskMedia found;
    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final MediaDownloads.Place place;

    MediaDownload(TaskMediaService media, TaskMedia found, HttpServerRequest request, MediaDownloads.Place place) {
        this.media = media;
        this.found = found;
        this.request = request;
        this.response = request.response();
        this.place = place;
    }

    @Override
    public void write(OutputStream out) throws IOException {
        try {
            media.copy(found, new UntilCallerLeaves(out));
        } catch (Throwable failure) {
            if (response.closed()) {
                LOG.debugf("media download left by its caller: %s", failure.getMessage()); // nobody to answer
                return;
            }
            if (!response.headWritten()) {
                throw failure; // nothing sent yet: answered in the envelope (503 for media replaced meanwhile)
            }
            // Whatever failed (a direct buffer refused included), nothing may follow the bytes sent but the end of the
            // response. Rethrown, Quarkus would reset it too, but then write an error body that could still reach the
            // caller after the medium's first bytes, as if it were more of them.
            endShort(failure);
        } finally {
            place.giveBack();
        }
    }

    private void endShort(Throwable failure) {
        if (failure instanceof MediaReplacedException) {
            LOG.infof("media download ended short: %s", failure.getMessage());
        } else {
            LOG.error("media download failed mid-way", failure);
        }
        // HTTP/1: the connection closed, not response.reset(), which marks the response closed before the close is
        // seen, so that none of the request's end handlers ran (Quarkus' count of requests in flight among them: every
        // later shutdown waited out its whole timeout for this one).
        if (request.version() == HttpVersion.HTTP_2) {
            response.reset();
        } else {
            request.connection().close();
        }
    }

    /**
     * The response's stream, failing once the caller left: Vert.x takes writes into a closed connection without a
     * word, so the medium's remaining chunks would otherwise be read from the database for nobody.
     */
    private final class UntilCallerLeaves extends FilterOutputStream {

        UntilCallerLeaves(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (response.closed()) {
                throw new IOException("the caller left");
            }
            out.write(bytes, offset, length);
        }
    }
}
