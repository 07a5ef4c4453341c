package dev.relay.settlement.messaging;

import org.jboss.logging.Logger;

/** Applies a record until the database takes it: a record skipped is a provider never paid, so none is. */
final class Persistently {

    private static final Logger LOG = Logger.getLogger(Persistently.class);
    private static final long RETRY_MS = 1000;

    private Persistently() {
    }

    static void apply(String what, Runnable change) throws InterruptedException {
        while (true) {
            try {
                change.run();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("%s not recorded, retrying: %s", what, e.getMessage());
                Thread.sleep(RETRY_MS);
            }
        }
    }
}
