package dev.relay.task.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

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

    Webhooks webhooks();

    Media media();

    interface Media {
        /**
         * The largest media one upload may store, in bytes (64 MiB: a transcription's 25 MB input with room, a short
         * video). Media are stored and served in chunks of 1 MiB, so an upload or a download holds one chunk in memory,
         * whatever this limit. {@code quarkus.http.limits.max-body-size} must be larger, so that an upload over this
         * limit reaches the check that answers it in JSON; the service does not start otherwise.
         */
        @WithDefault("67108864")
        int maxBytes();

        /**
         * How long the rest of an upload answered before its body ended (a refusal: 413, 409, 404, 400) is read and
         * discarded, {@link #maxBytes} at most, so that the answer reaches an uploader still sending; then its
         * connection is closed. A body that ends within both bounds leaves the connection open for the next request.
         */
        @WithDefault("5s")
        Duration drainFor();

        /**
         * Media bodies this instance sends at once; a GET past it is answered 503 with {@code Retry-After} before
         * anything is read (HEAD is not counted). Each download reads its chunks on the database pool and holds up to
         * a chunk in the heap and another in Netty's direct buffers until its caller takes it, so without a bound
         * enough callers starve each other's chunk reads of connections and run direct memory out. It must stay below
         * the pool's size ({@code quarkus.datasource.jdbc.max-size}, 20), so that downloads alone never wait for a
         * connection and other work always finds one; the service does not start otherwise.
         */
        @WithDefault("16")
        int maxDownloads();
    }

    interface Webhooks {
        /**
         * Whether endpoints may be plain {@code http} and resolve to loopback, private or link-local addresses. Off in
         * production, where such a URL would let any account make the cluster call its own internal services; on for
         * local fleets and closed networks.
         */
        @WithDefault("false")
        boolean allowLocalTargets();

        /** Endpoints one account may register. */
        @WithDefault("10")
        int maxPerAccount();

        /** How long a receiver has to answer one delivery (connecting included) before it counts as failed. */
        @WithDefault("10s")
        Duration timeout();

        /**
         * The waits before each retry of a delivery that failed (no 2xx): one attempt more than there are waits, then
         * it is abandoned. The default spreads eight attempts over about a day, as Standard Webhooks suggests.
         */
        @WithDefault("5s,5m,30m,2h,5h,10h,10h")
        List<Duration> retryDelays();

        /** How often each replica looks for deliveries that are due. */
        @WithDefault("1s")
        Duration pollInterval();

        /** Calls one replica has out at once. */
        @WithDefault("32")
        int batchSize();

        /**
         * Calls one replica has out at once for one account's endpoints: receivers that never answer hold their places
         * for a timeout each, and must not take every place from the other accounts.
         */
        @WithDefault("4")
        int maxInFlightPerAccount();
    }

    interface Retention {
        /** How long a finished task (and its result) stays pollable; then it is deleted and polls answer 404. */
        @WithDefault("30d")
        Duration finishedFor();

        /** How often finished tasks past {@link #finishedFor()} are looked for. */
        @WithDefault("1h")
        Duration sweepInterval();

        /**
         * How long media whose task id never became a task are kept (a transcription's input, uploaded by a gateway
         * that then could not create the task), and uploads that never ended (their uploader died mid-way); media of
         * tasks go with their task.
         */
        @WithDefault("1d")
        Duration orphanMediaFor();

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
