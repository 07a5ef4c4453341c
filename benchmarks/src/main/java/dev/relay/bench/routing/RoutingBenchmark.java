package dev.relay.bench.routing;

import dev.relay.routing.scoring.ScoringWeights;
import dev.relay.simulator.engine.EngineConfig;
import dev.relay.simulator.engine.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Issue 5's routing benchmark: round-robin, least-loaded and Relay's cache-aware scorer (router-service's
 * {@code dev.relay.routing.scoring}, default weights) routing the same seeded multi-turn, shared-prefix chat
 * workload over a heterogeneous fleet of simulated vLLM engines ({@code dev.relay.simulator.engine}) in virtual
 * time, at several request rates. Prints a Markdown table, writes it and a TTFT-p90 plot.
 *
 * <p>Options: {@code --rates 8,16,...} (requests/s), {@code --duration 240} and {@code --warmup 60} (virtual
 * seconds), {@code --seed 42}, {@code --scrape-ms 250}, {@code --png docs/routing-ttft-p90.png},
 * {@code --table benchmarks/target/routing-results.md}.
 */
public final class RoutingBenchmark {

    static final List<String> STRATEGIES = List.of("round-robin", "least-loaded", "cache-aware");

    private RoutingBenchmark() {
    }

    /**
     * Eight different GPUs: speed 0.6x to 2x the simulator's default worker, KV caches of 48k to 256k tokens,
     * batches of 32 to 128 sequences (the router's capacity signal is the batch size).
     */
    static List<EngineConfig> fleet() {
        double[] speed = {0.6, 0.8, 1.0, 1.0, 1.2, 1.5, 1.5, 2.0};
        int[] kvBlocks = {3072, 4096, 6144, 6144, 8192, 8192, 12288, 16384};
        int[] maxSeqs = {32, 48, 64, 64, 64, 96, 96, 128};
        EngineConfig base = EngineConfig.defaults();
        List<EngineConfig> configs = new ArrayList<>();
        for (int i = 0; i < speed.length; i++) {
            configs.add(new EngineConfig(maxSeqs[i], kvBlocks[i], base.blockTokens(), base.prefillTokensPerSecond(),
                    base.baseStepMs(), base.perSeqStepMs(), speed[i]));
        }
        return configs;
    }

    public static void main(String[] args) throws IOException {
        double[] rates = Arrays.stream(option(args, "--rates", "8,16,24,32,40,48,56,64").split(","))
                .mapToDouble(Double::parseDouble).toArray();
        double duration = Double.parseDouble(option(args, "--duration", "240"));
        double warmup = Double.parseDouble(option(args, "--warmup", "60"));
        long seed = Long.parseLong(option(args, "--seed", "42"));
        long scrapeNanos = Long.parseLong(option(args, "--scrape-ms", "250")) * 1_000_000L;
        Path png = Path.of(option(args, "--png", "docs/routing-ttft-p90.png"));
        Path table = Path.of(option(args, "--table", "benchmarks/target/routing-results.md"));

        ScoringWeights weights = ScoringWeights.defaults();
        List<EngineConfig> fleet = fleet();
        Tokenizer tokenizer = new Tokenizer();
        List<RoutingRun.Result> results = new ArrayList<>();
        long started = System.nanoTime();
        for (double rate : rates) {
            ChatWorkload workload = ChatWorkload.generate(ChatWorkload.Shape.standard(), rate, duration, seed,
                    tokenizer);
            for (String strategy : STRATEGIES) {
                long t0 = System.nanoTime();
                RoutingRun.Result r = RoutingRun.run(strategy, weights, fleet, workload, rate, warmup, duration,
                        scrapeNanos);
                results.add(r);
                System.err.printf("rate %.1f %-13s %d requests measured, %.1f s wall%n", rate, strategy,
                        r.measured(), (System.nanoTime() - t0) / 1e9);
            }
        }
        String markdown = markdown(results);
        System.out.println(markdown);
        System.out.printf("%d runs in %.1f s wall; seed %d, %.0f s virtual (%.0f s warm-up), scrape every %d ms%n",
                results.size(), (System.nanoTime() - started) / 1e9, seed, duration, warmup, scrapeNanos / 1_000_000);
        Files.createDirectories(table.toAbsolutePath().getParent());
        Files.writeString(table, markdown);
        TtftChart.write(results, "TTFT p90 vs offered rate: 8 simulated workers, multi-turn shared-prefix chat", png);
        System.out.println("wrote " + table + " and " + png);
    }

    static String markdown(List<RoutingRun.Result> results) {
        StringBuilder out = new StringBuilder();
        out.append("| offered req/s | strategy | arrived req/s | completed req/s | output tok/s | TTFT p50 (ms) "
                + "| TTFT p90 (ms) | TTFT p99 (ms) | prefix cache hit |\n");
        out.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (RoutingRun.Result r : results) {
            out.append(String.format("| %.0f | %s | %.2f | %.2f | %.0f | %.0f | %.0f | %.0f | %.1f%% |%n",
                    r.offeredRate(), r.strategy(), r.arrivedPerSecond(), r.completedPerSecond(),
                    r.outputTokensPerSecond(),
                    r.ttftP50(), r.ttftP90(), r.ttftP99(), 100 * r.cacheHitRate()));
        }
        return out.toString();
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
