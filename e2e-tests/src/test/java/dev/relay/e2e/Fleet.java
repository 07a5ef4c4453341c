package dev.relay.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real fleet on the e2e instance (its own Kafka on 29092, *_e2e databases, Redis db 2), started with the
 * same script as {@code ./relay up} on its own ports, once for all end-to-end tests. It runs two gateways, as a
 * scaled install does: {@link #baseUrl} is the first, {@link #gatewayUrls} lists both.
 */
final class Fleet {

    static final int PORT_BASE = Integer.getInteger("relay.e2e.port-base", 17080);
    private static Fleet running;

    final String baseUrl;
    final List<String> gatewayUrls;
    final String demoKey;
    final String demoAccount;
    final String billingUrl;
    final String authUrl;
    final String operatorToken;

    private Fleet(Map<String, String> env, String operatorToken) {
        this.baseUrl = env.get("RELAY_BASE_URL");
        this.gatewayUrls = List.of(env.getOrDefault("RELAY_GATEWAY_URLS", baseUrl).split(","));
        this.demoKey = env.get("RELAY_DEMO_KEY");
        this.demoAccount = env.get("RELAY_DEMO_ACCOUNT");
        this.billingUrl = "http://127.0.0.1:" + (PORT_BASE + 2);
        this.authUrl = "http://127.0.0.1:" + (PORT_BASE + 1);
        this.operatorToken = operatorToken;
    }

    static synchronized Fleet start() throws Exception {
        if (running != null) {
            return running;
        }
        run(List.of("./relay", "up"), 420);
        Path instance = root().resolve(".relay/e2e");
        running = new Fleet(readEnv(instance.resolve("fleet.env")),
                Files.readString(instance.resolve("operator-token")).trim());
        Runtime.getRuntime().addShutdownHook(new Thread(Fleet::stopQuietly));
        return running;
    }

    private static void stopQuietly() {
        try {
            run(List.of("./relay", "down"), 300); // gateways first (up to 120 s each), then the rest
        } catch (Exception ignored) {
            // ./relay test stops whatever is left
        }
    }

    private static void run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(root().toFile());
        pb.environment().put("RELAY_INSTANCE", "e2e");
        pb.environment().put("RELAY_PORT_BASE", String.valueOf(PORT_BASE));
        pb.environment().put("RELAY_SKIP_BUILD", "1");
        pb.environment().put("RELAY_GATEWAY_REPLICAS", "2");
        int exit = ChildProcess.run(pb, timeoutSeconds);
        if (exit != 0) {
            throw new IllegalStateException(command + " failed with exit code " + exit);
        }
    }

    private static Path root() {
        return Path.of(System.getProperty("relay.root", "..")).toAbsolutePath().normalize();
    }

    private static Map<String, String> readEnv(Path file) throws IOException {
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }
}
