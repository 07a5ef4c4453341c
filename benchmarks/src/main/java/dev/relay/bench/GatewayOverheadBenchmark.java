package dev.relay.bench;

import dev.relay.gateway.config.ThreadSlice;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * How much latency the gateway adds: the same chat request, at the same fixed rate, sent straight to a
 * simulated worker and through the gateway (auth, rate limit, reservation, routing and usage publishing all on).
 * Added latency at percentile p is reported as gateway(p) - direct(p), next to the gateway's own account of its time
 * ({@code x-relay-overhead-ms}, from the moment its handler has the request to the moment the response headers are
 * written, minus the worker's time). What the client sees beyond that is spent before or after the gateway's code:
 * the extra hop through the network stack and waiting for a core.
 *
 * <p>Arguments (key=value): gateway, worker, keys (comma-separated: requests rotate over them, so that per-key
 * rate limits are not what is measured), model, rate (req/s), seconds, warmup (seconds), connections, slices
 * (the measured seconds of each path are split into this many slices, taken in turn with the other path's), kinds
 * ({@code plain,stream} by default; one of them alone to look at it apart, for instance with a profiler), floors
 * ({@code name@url,...}: more proxies in front of the same worker, measured in the same slices as the gateway, see
 * {@link FloorProxy}), slow (a file to which every request slower than slow-micros, 2000 by default, is written
 * with its scheduled start, see {@link SlowRequests}).
 */
public final class GatewayOverheadBenchmark {

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Args.parse(args);
        URI gateway = URI.create(a.getOrDefault("gateway", "http://127.0.0.1:8080") + "/v1/chat/completions");
        URI worker = URI.create(a.getOrDefault("worker", "http://127.0.0.1:8099") + "/v1/chat/completions");
        List<String> keys = List.of(a.getOrDefault("keys", "").split(","));
        String model = a.getOrDefault("model", "bench/echo");
        int rate = Integer.parseInt(a.getOrDefault("rate", "500"));
        Duration measure = Duration.ofSeconds(Long.parseLong(a.getOrDefault("seconds", "30")));
        Duration warmup = Duration.ofSeconds(Long.parseLong(a.getOrDefault("warmup", "10")));
        int connections = Integer.parseInt(a.getOrDefault("connections", "64"));
        int slices = Integer.parseInt(a.getOrDefault("slices", "4"));

        Histogram lateness = WakeUpLateness.measure(Duration.ofSeconds(5));
        Vertx vertx = Vertx.vertx();
        // client-slice=MICROS: the load generator's own threads (the scheduling one, its event loop) on a short
        // scheduling slice, as the gateway's event loops are, so that the instrument's wake-ups are not its noise.
        String clientSlice = a.get("client-slice");
        if (clientSlice != null) {
            Duration asked = Duration.ofNanos(Long.parseLong(clientSlice) * 1_000);
            System.out.println("load generator: " + ThreadSlice.request(asked).detail());
            vertx.nettyEventLoopGroup().forEach(loop -> loop.execute(() -> ThreadSlice.request(asked)));
        }
        SlowRequests slow = SlowRequests.to(a.get("slow"), Long.parseLong(a.getOrDefault("slow-micros", "2000")));
        OpenLoopLoad load = new OpenLoopLoad(vertx, connections, slow);
        Map<String, OpenLoopLoad.Result> results = new LinkedHashMap<>();
        List<String> kinds = List.of(a.getOrDefault("kinds", "plain,stream").split(","));
        Map<String, URI> paths = new LinkedHashMap<>();
        paths.put("gateway", gateway);
        for (String floor : a.getOrDefault("floors", "").split(",")) {
            if (!floor.isBlank()) {
                String[] nameUrl = floor.split("@", 2);
                paths.put(nameUrl[0], URI.create(nameUrl[1] + "/v1/chat/completions"));
            }
        }
        for (boolean stream : new boolean[] {false, true}) {
            if (!kinds.contains(stream ? "stream" : "plain")) {
                continue;
            }
            String body = body(model, stream);
            OpenLoopLoad.Target direct = new OpenLoopLoad.Target(worker,
                    List.of(Map.of("Content-Type", "application/json")), body);
            Map<String, OpenLoopLoad.Target> proxied = new LinkedHashMap<>();
            paths.forEach((name, uri) -> proxied.put(name, new OpenLoopLoad.Target(uri, keys.stream()
                    .map(key -> Map.of("Content-Type", "application/json", "Authorization", "Bearer " + key)).toList(),
                    body)));
            String kind = stream ? "stream" : "plain";
            load.run(direct, rate, warmup);
            for (OpenLoopLoad.Target target : proxied.values()) {
                load.run(target, rate, warmup);
            }
            // Alternating slices, so that every path sees the same machine: its speed drifts over minutes.
            Duration slice = measure.dividedBy(slices);
            OpenLoopLoad.Result directRuns = null;
            Map<String, OpenLoopLoad.Result> proxiedRuns = new LinkedHashMap<>();
            for (int i = 0; i < slices; i++) {
                directRuns = load.run(direct, rate, slice).plus(directRuns);
                for (var target : proxied.entrySet()) {
                    proxiedRuns.put(target.getKey(),
                            load.run(target.getValue(), rate, slice).plus(proxiedRuns.get(target.getKey())));
                }
            }
            results.put("direct " + kind, directRuns);
            proxiedRuns.forEach((name, runs) -> results.put(name + " " + kind, runs));
        }
        load.close();
        slow.close();
        vertx.close();
        print(rate, measure, results);
        System.out.printf("%nMachine before the runs: %s.%n", WakeUpLateness.describe(lateness));
    }

    private static String body(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":16,\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Measure the overhead of the gateway, please.\"}]}";
    }

    private static void print(int rate, Duration measure, Map<String, OpenLoopLoad.Result> r) {
        System.out.printf("%n## Gateway overhead, %d req/s for %ds each, %s%n%n", rate, measure.toSeconds(), Instant.now());
        System.out.println("| run | sent | failed | first byte p50 / p90 / p99 (ms) | complete p50 / p90 / p99 (ms) |");
        System.out.println("| --- | ---: | ---: | --- | --- |");
        r.forEach((name, res) -> System.out.printf("| %s | %d | %d | %s | %s |%n", name, res.sent(), res.failed(),
                pct(res.firstByte()), pct(res.complete())));
        System.out.println();
        System.out.println("| added by the gateway | p50 (ms) | p90 (ms) | p99 (ms) |");
        System.out.println("| --- | ---: | ---: | ---: |");
        for (String path : r.keySet()) {
            String[] nameKind = path.split(" ");
            if (nameKind[0].equals("direct")) {
                continue;
            }
            OpenLoopLoad.Result direct = r.get("direct " + nameKind[1]);
            String label = nameKind[0].equals("gateway") ? "" : " (" + nameKind[0] + ")";
            if (nameKind[1].equals("plain")) {
                added("plain, complete" + label, direct.complete(), r.get(path).complete());
            } else {
                added("stream, first byte" + label, direct.firstByte(), r.get(path).firstByte());
                added("stream, complete" + label, direct.complete(), r.get(path).complete());
            }
        }
        System.out.println();
        System.out.println("| reported by the gateway (x-relay-overhead-ms) | p50 (ms) | p90 (ms) | p99 (ms) |");
        System.out.println("| --- | ---: | ---: | ---: |");
        r.forEach((name, res) -> {
            if (res.reported().getTotalCount() > 0) {
                System.out.printf("| %s | %.3f | %.3f | %.3f |%n", name, ms(res.reported(), 50),
                        ms(res.reported(), 90), ms(res.reported(), 99));
            }
        });
    }

    private static void added(String name, Histogram direct, Histogram gateway) {
        System.out.printf("| %s | %.3f | %.3f | %.3f |%n", name,
                ms(gateway, 50) - ms(direct, 50), ms(gateway, 90) - ms(direct, 90), ms(gateway, 99) - ms(direct, 99));
    }

    private static String pct(Histogram h) {
        return String.format("%.3f / %.3f / %.3f", ms(h, 50), ms(h, 90), ms(h, 99));
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }
}
