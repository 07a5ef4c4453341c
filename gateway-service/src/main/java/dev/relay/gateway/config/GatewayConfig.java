package dev.relay.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Everything the gateway can be tuned with; peers' URLs come from RELAY_*_URL in application.properties. */
@ConfigMapping(prefix = "relay.gateway")
public interface GatewayConfig {

    String authUrl();

    String billingUrl();

    String routerUrl();

    String taskUrl();

    /** Largest request body accepted; larger bodies get 413 in the OpenAI error envelope. */
    @WithDefault("4194304")
    int maxBodyBytes();

    /**
     * Largest body of {@code /v2/audio/asr/{model}}, whose audio comes as base64: 10 MB of audio (the limit checked
     * once decoded) is about 13.4 MB of base64.
     */
    @WithDefault("14680064")
    int maxAudioBodyBytes();

    /**
     * The longest a request body may take to arrive once its caller is admitted: 14 MiB of audio in a minute is
     * 240 kB/s. A client that stops sending partway would otherwise hold its connection (and a transcription one of
     * the few upload places) until the server's idle timeout, half an hour.
     */
    @WithDefault("60s")
    Duration bodyDeadline();

    /**
     * Transcription bodies read at once by one gateway: each is held whole, parsed and decoded, some 70 MB of heap at
     * the largest; one more is a 503.
     */
    @WithDefault("2")
    int maxConcurrentAudioUploads();

    /**
     * Media downloads ({@code GET /v2/tasks/{id}/media/{name}}) relayed at once by one gateway. Each holds one of the
     * {@value dev.relay.gateway.client.PeerHttp#MAX_POOL_SIZE} connections the gateway keeps to task-service for as
     * long as its client reads, so this stays well under that many: the rest are for task submissions, polls and
     * media storage. One more is a 503.
     */
    @WithDefault("16")
    int maxConcurrentMediaDownloads();

    /** Of those, the most one account may have at once: no account takes them all. */
    @WithDefault("4")
    int maxMediaDownloadsPerAccount();

    /**
     * The scheduling slice each event loop thread asks Linux for, in microseconds ({@link ThreadSlice}); 0 leaves the
     * kernel's default. 100 (the kernel's least) lets a woken event loop run at once rather than after whatever
     * holds its core (up to 1.4 ms on a 2-core machine): on a busy node, the difference in the gateway's tail.
     */
    @WithDefault("100")
    int eventLoopSliceMicros();

    Guest guest();

    KeyCache keyCache();

    Prices prices();

    Tiers tiers();

    Worker worker();

    Prefix prefix();

    Usage usage();

    LoadSignals loadSignals();

    Routing routing();

    Admission admission();

    Tasks tasks();

    Media media();

    interface Guest {
        /** Requests per minute per client address for callers without a key. */
        @WithDefault("10")
        int rpm();

        /**
         * Wrong or revoked keys an address may present per minute (apart from its keyless calls). Past it, the rest
         * of the minute's wrong keys are 429s; a valid key is served whatever its address did.
         */
        @WithDefault("20")
        int wrongKeyRpm();

        /** Models a guest may call; guests have no account, so these should be free models. Empty: none. */
        Optional<List<String>> models();
    }

    interface KeyCache {
        @WithDefault("60s")
        Duration ttl();

        /** Unknown keys are remembered briefly so a flood of wrong keys does not hammer auth-service. */
        @WithDefault("5s")
        Duration negativeTtl();

        @WithDefault("100000")
        long maxSize();
    }

    interface Prices {
        @WithDefault("30s")
        Duration refresh();
    }

    interface Tiers {
        /** How often auth-service's tier limits are reloaded. */
        @WithDefault("30s")
        Duration refresh();
    }

    interface Worker {
        @WithDefault("2000")
        int connectTimeoutMs();

        /**
         * Time allowed for a worker to answer (first byte) and between two streamed chunks; exceeded: 504. A
         * non-streamed answer sends nothing until it is complete, so this bounds long generations too.
         */
        @WithDefault("300s")
        Duration timeout();

        @WithDefault("64")
        int maxPoolSize();

        /** Time a worker has to count a prompt's tokens (Anthropic's count_tokens); past it, the gateway estimates. */
        @WithDefault("5s")
        Duration countTimeout();

        /**
         * At shutdown, after Quarkus's wait for requests in flight: time left for requests still running on a worker
         * (a non-streamed one whose client left is let finish, to be billed) before their usage is given up. Set in
         * application.properties from {@code RELAY_GATEWAY_SHUTDOWN_WAIT} (10 s), which the Helm chart sets.
         */
        Duration shutdownWait();
    }

    interface Prefix {
        @WithDefault("16")
        int blockTokens();

        @WithDefault("64")
        int maxBlocks();
    }

    interface Usage {
        /** Publishing attempts (each bounded by the producer's delivery timeout) before the event is logged as lost. */
        @WithDefault("5")
        int maxAttempts();

        @WithDefault("30000")
        int deliveryTimeoutMs();
    }

    interface LoadSignals {
        /** How long started/finished signals for the router are gathered before one call sends them. */
        @WithDefault("20ms")
        Duration flushInterval();

        @WithDefault("1000")
        int maxBatch();
    }

    interface Admission {
        /**
         * Send a request to its worker while its admission (rate windows and credit hold, one Redis call) is still
         * being decided, when the mirror routed it and its key was admitted lately; nothing reaches the client before
         * the admission passes. Off: every request is admitted before any worker is asked.
         */
        @WithDefault("true")
        boolean overlap();

        /** How long an account's last admission lets its next requests overlap their admission. */
        @WithDefault("10s")
        Duration trustFor();

        /**
         * Requests of one account at a time sent to a worker before their admission is decided: what a burst from
         * an account that turns out refused can start on workers.
         */
        @WithDefault("4")
        int earlyPerAccount();
    }

    interface Routing {
        /**
         * Pick workers here, from a mirror of the router's registry, instead of asking the router for every request.
         * The router is still asked when the mirror cannot decide (a model it does not know yet, no eligible worker, a
         * refusal) or is stale.
         */
        @WithDefault("true")
        boolean local();

        /** How often the mirror fetches the router's registry and load signals. */
        @WithDefault("100ms")
        Duration refresh();

        /** A mirror not refreshed for this long is not used: every route asks the router until it is again. */
        @WithDefault("3s")
        Duration staleAfter();
    }

    interface Tasks {
        /**
         * Async tasks this gateway runs at once as an executor (records of {@code relay.tasks.requested}); more wait in
         * Kafka, for this replica or another.
         */
        @WithDefault("16")
        int maxConcurrent();

        /**
         * Media tasks (images, speech, transcriptions, videos) this gateway runs at once, apart from chat tasks: they
         * hold a worker for minutes, and must not keep async chat waiting.
         */
        @WithDefault("8")
        int maxConcurrentMedia();
    }

    /**
     * How much of what a media worker made the gateway takes. A video is piped from the worker to task-service and
     * never held; every other answer is read into memory, where up to {@code tasks.max-concurrent-media} (8) runs
     * share a heap of a few hundred MiB ({@code -Xmx384m}). A run holds about its answer's size (its chunks are let go
     * as they are decoded or copied), briefly up to twice: eight runs at these bounds hold some 130-190 MiB, briefly
     * more where their peaks meet, within the heap beside the rest of the gateway's work. Workers' JSON (a video job, a
     * transcription) is held to 1 MiB ({@code MediaWorkerClient}). An answer past its bound is not read further and
     * fails its task (502), on no other worker: it would make as much again.
     */
    interface Media {
        /**
         * The most task-service keeps of one medium (64 MiB): task-service's {@code relay.task.media.max-bytes}, both
         * set from {@code RELAY_TASK_MEDIA_MAX_BYTES}, which the Helm chart's one {@code media.maxBytes} sets. A video past it is cut off as soon as the worker declares or sends more, unstored (422
         * {@code result_too_large}, as task-service's own refusal).
         */
        @WithDefault("67108864")
        long maxStoredBytes();

        /**
         * A worker's images answer, base64 in JSON (a third larger than the images): 24 MiB holds ten 1024x1024 PNGs
         * of 1.8 MiB, what diffusion models make; ten of the largest sizes (2048x2048) do not fit, nor in the heap.
         */
        @WithDefault("25165824")
        long maxImagesAnswerBytes();

        /**
         * A worker's speech, a WAV: 16 MiB is nearly six minutes of 24 kHz 16-bit mono, more than the longest input
         * (4096 characters) takes to read at normal speed.
         */
        @WithDefault("16777216")
        long maxSpeechAnswerBytes();

        /**
         * How long a media worker's answer may go without a byte once its head came (also while what it is piped to
         * takes nothing); a call's own shorter timeout (a video job's, 30 s) bounds it instead. Past it the call fails
         * as timed out, as one unanswered does (another worker may be tried), and its connection is closed.
         */
        @WithDefault("120s")
        Duration workerAnswerIdle();

        /**
         * How long media task-service sends for a download may go without a byte: before its head, and within its
         * body, also while it is held back for a client that reads nothing. Past it the download is cut, and its
         * place, its connection to task-service and task-service's own place given back.
         */
        @WithDefault("60s")
        Duration downloadIdle();

        /**
         * The longest a media task runs, all attempts included, and a bound on the whole run whatever call is stuck:
         * past it the task fails (504) and gives its media slot and Kafka record back. Well inside billing's hour
         * before it releases a hold; the media channel checks no record's age, so this is its records' end.
         */
        @WithDefault("40m")
        Duration taskDeadline();
    }
}
