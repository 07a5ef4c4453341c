package dev.relay.simulator.config;

import dev.relay.simulator.engine.EngineConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything that makes one simulated worker differ from another; each key is also settable as an env variable. */
@ConfigMapping(prefix = "relay.simulator")
public interface SimulatorConfig {

    @WithDefault("sim-local")
    String workerId();

    /** Where the fleet reaches this worker; defaults to {@code http://127.0.0.1:<actual http port>}. */
    Optional<String> baseUrl();

    /**
     * The protocol advertised in heartbeats, which also decides what is served (see {@link WorkerKind}): {@code vllm}
     * and {@code ollama} are chat workers (both chat protocols are served either way), {@code image}, {@code audio}
     * and {@code video} media workers serving only their OpenAI media endpoints.
     */
    @WithDefault("vllm")
    String protocol();

    default WorkerKind kind() {
        return WorkerKind.of(protocol());
    }

    @WithDefault("direct")
    String mode();

    @WithDefault("Qwen/Qwen3-Coder,deepseek-ai/DeepSeek-V3.1")
    List<String> models();

    @WithDefault("32768")
    int maxModelLen();

    @WithDefault("64")
    int maxNumSeqs();

    /** KV-cache size in blocks; 8192 blocks of 16 tokens hold 131072 tokens. */
    @WithDefault("8192")
    int kvBlocks();

    @WithDefault("16")
    int blockTokens();

    @WithDefault("8000")
    double prefillTokensPerSecond();

    /** Fixed cost of one decode step, simulated milliseconds. */
    @WithDefault("12")
    double baseStepMs();

    /** Added to a decode step per sequence in the batch, simulated milliseconds. */
    @WithDefault("0.6")
    double perSeqStepMs();

    /** Divides every simulated duration: 2.0 is a GPU twice as fast, 0.5 one half as fast. */
    @WithDefault("1.0")
    double speedFactor();

    /** Wall-clock seconds per simulated second: 1.0 is realistic, 0.01 runs a hundred times faster. */
    @WithDefault("1.0")
    double timeScale();

    /** Media jobs (pictures, speech, transcriptions, videos) the GPU works on at once; later ones wait in order. */
    @WithDefault("4")
    int mediaConcurrency();

    /** How long a finished video stays downloadable (wall clock, as a real server's expiry). */
    @WithDefault("1h")
    Duration videoRetention();

    /** Videos kept at most (finished and in progress); a new one beyond that evicts the oldest finished. */
    @WithDefault("1000")
    int maxVideos();

    /** Maximum concurrent requests advertised in heartbeats. */
    @WithDefault("64")
    int capacity();

    @WithDefault("local")
    String region();

    @WithDefault("standard")
    String priceClass();

    /** Free-form labels for heartbeats, e.g. {@code relay.simulator.labels.gpu=L40S}. */
    Map<String, String> labels();

    /** Publish heartbeats to Kafka; off by default so a standalone simulator needs no broker. */
    @WithDefault("false")
    boolean register();

    @WithDefault("2s")
    Duration heartbeatInterval();

    /** Honour the {@code x-sim-fault} request header (this is a test tool, so on by default). */
    @WithDefault("true")
    boolean faultInjectionEnabled();

    default EngineConfig engine() {
        return new EngineConfig(maxNumSeqs(), kvBlocks(), blockTokens(), prefillTokensPerSecond(), baseStepMs(),
                perSeqStepMs(), speedFactor());
    }
}
