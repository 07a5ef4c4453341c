package dev.relay.router.bench;

import dev.relay.routing.PrefixRecorder;
import dev.relay.routing.registry.ContextWindows;
import dev.relay.routing.registry.Worker;
import dev.relay.routing.registry.WorkerDescriptor;
import dev.relay.routing.registry.WorkerRegistry;
import dev.relay.routing.scoring.PrefixIndex;
import dev.relay.routing.scoring.RoutingStrategy;
import dev.relay.routing.scoring.ScoringWeights;
import dev.relay.routing.WorkerPicker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time of one pick (filter by model/mode/health, choose the best {@code candidates} of the eligible workers,
 * remember the prefix) with N registered workers all serving the requested model: the hot path of
 * {@code POST /internal/route}, without HTTP.
 * Loads are spread within the load guard, so the cache-aware scorer does its full work (prefix lookup + cost).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PickLatencyBenchmark {

    private static final String MODEL = "bench/model";
    private static final int PROMPTS = 256;
    private static final int BLOCKS_PER_PROMPT = 64; // the gateway's default maxBlocks
    private static final int PROMPT_TOKENS = BLOCKS_PER_PROMPT * 16;
    private static final int CONTEXT_WINDOW = 32_768;

    @Param({"1000"})
    int workers;

    @Param({"cache-aware", "least-loaded", "round-robin"})
    String strategy;

    /** The service's default {@code relay.router.max-candidates}; {@code -p candidates=1000} orders every worker. */
    @Param({"8"})
    int candidates = 8;

    /** background: prefixes recorded on another thread, as the service does; inline: on the picking thread. */
    @Param({"background", "inline"})
    String record = "background";

    private PrefixRecorder recorder;

    private WorkerPicker picker;
    private long[][] prompts;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        WorkerRegistry registry = new WorkerRegistry();
        PrefixIndex prefixes = new PrefixIndex(1024);
        Instant now = Instant.now();
        for (int i = 0; i < workers; i++) {
            String id = String.format("worker-%05d", i);
            Worker worker = registry.register(new WorkerDescriptor(id, "http://10.0.0.1:8000", "vllm",
                    i % 10 == 0 ? "opengpu" : "direct", List.of(MODEL, "other/model-" + (i % 7)), 64, "eu",
                    "standard", Map.of(), WorkerDescriptor.Origin.HEARTBEAT), now);
            worker.contextWindows(Map.of(MODEL, CONTEXT_WINDOW), now);
            worker.scraped(now, random.nextInt(8, 24), random.nextInt(0, 8), random.nextDouble(0.2, 0.6), Duration.ofSeconds(10));
            for (int r = random.nextInt(0, 10); r > 0; r--) {
                worker.started();
            }
        }
        // 256 conversations over 32 shared system prompts (8 blocks each); every pick continues its conversation
        // with fresh blocks, so each pick both matches earlier blocks and records new ones, as in production.
        prompts = new long[PROMPTS][BLOCKS_PER_PROMPT];
        for (int p = 0; p < PROMPTS; p++) {
            long hash = p % 32;
            for (int b = 0; b < BLOCKS_PER_PROMPT; b++) {
                hash = hash * 0x9E3779B97F4A7C15L + (b < 8 ? 0 : p);
                prompts[p][b] = hash;
            }
            prefixes.record(String.format("worker-%05d", random.nextInt(workers)), prompts[p]);
        }
        recorder = "inline".equals(record) ? null : new PrefixRecorder();
        picker = new WorkerPicker(registry, RoutingStrategy.named(strategy, prefixes, ScoringWeights.defaults()), prefixes,
                new ContextWindows(registry, Map.of()), candidates, recorder == null ? Runnable::run : recorder);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (recorder != null) {
            recorder.close();
        }
    }

    @Benchmark
    public WorkerPicker.Pick pick() {
        int p = next++ & (PROMPTS - 1);
        long[] prompt = prompts[p];
        // The last 16 blocks are the newest turn: new hashes every time, chained on the conversation so far.
        long hash = prompt[BLOCKS_PER_PROMPT - 17] ^ next;
        for (int b = BLOCKS_PER_PROMPT - 16; b < BLOCKS_PER_PROMPT; b++) {
            hash = hash * 0x9E3779B97F4A7C15L + b;
            prompt[b] = hash;
        }
        return picker.pick(MODEL, "auto", null, null, prompt, PROMPT_TOKENS);
    }
}
