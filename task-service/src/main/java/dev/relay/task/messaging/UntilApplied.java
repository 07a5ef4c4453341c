package dev.relay.task.messaging;

import org.jboss.logging.Logger;

/** Applies a record until the database takes it: a skipped record would leave a task as it was, for good. */
final class UntilApplied {

    private static final Logger LOG = Logger.getLogger(UntilApplied.class);

    private UntilApplied() {
    }

    static void run(String what, long backoffMs, Runnable change) throws InterruptedException {
        while (true) {
            try {
                change.run();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("%s not applied, retrying: %s", what, e.getMessage());
                Thread.sleep(backoffMs);
            }
        }
    }
}
