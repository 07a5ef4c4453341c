package dev.relay.task.service;

import java.io.IOException;

/**
 * A download's medium was replaced or deleted after its headers were sent: the rest of its bytes are gone. The
 * response cannot be completed, and must not be with another version's bytes.
 */
public class MediaReplacedException extends IOException {

    public MediaReplacedException() {
        super("the medium was replaced or deleted while it was being read");
    }
}
