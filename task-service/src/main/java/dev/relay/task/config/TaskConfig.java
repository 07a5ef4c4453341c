package dev.relay.task.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** task-service's tuning; Kafka channels are configured under {@code mp.messaging} in application.properties. */
@ConfigMapping(prefix = "relay.task")
public interface TaskConfig {

    /**
     * How long creating a task waits for the broker to acknowledge its {@code relay.tasks.requested} event before the
     * task is marked failed and the gateway told 503 (it then releases the credit it held).
     */
    @WithDefault("5s")
    Duration publishTimeout();

    LongPoll longPoll();

    /** Pause before applying a status event again after the database refused it. */
    @WithDefault("1s")
    Duration statusRetryBackoff();

    Retention retention();

    interface Retention {
        /** How long a finished task (and its result) stays pollable; then it is deleted and polls answer 404. */
        @WithDefault("30d")
        Duration finishedFor();

        /** How often finished tasks past {@link #finishedFor()} are looked for. */
        @WithDefault("1h")
        Duration sweepInterval();

        /** Rows deleted per statement, so that a large backlog never makes one long transaction. */
        @WithDefault("1000")
        int batchSize();
    }

    interface LongPoll {
        /** The longest {@code wait} a poll may ask for; longer asks are cut to it. */
        @WithDefault("30s")
        Duration maxWait();

        /**
         * How often a waiting poll reads the task again. A status applied by this replica wakes its polls at once; one
         * applied by another replica (it consumes other partitions) is seen at the next read.
         */
        @WithDefault("1s")
        Duration recheck();
    }
}
