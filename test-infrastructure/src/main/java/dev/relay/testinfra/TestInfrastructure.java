package dev.relay.testinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Before a module's tests run, makes sure the test instance's infrastructure listens: PostgreSQL (5432), Redis (6379),
 * the test Kafka (19092) and the test EVM chain (18545). Under {@code ./relay test} it already does and this costs four connection attempts;
 * a module's tests run on their own ({@code ./mvnw -pl gateway-service test}) get it started once by
 * {@code RELAY_INSTANCE=test ./relay infra}, the same script, and later runs reuse it. Modules tested in parallel
 * ({@code mvn -T}) may all find it down: the script starts it under a lock, so the others wait and find it running.
 */
public class TestInfrastructure implements LauncherSessionListener {

    /** PostgreSQL, Redis, the test Kafka and chain, where scripts/infra.sh puts them (it honours the same variables). */
    static final List<Integer> PORTS = List.of(port("RELAY_PG_PORT", 5432), port("RELAY_REDIS_PORT", 6379), 19092,
            18545);
    private static final long START_TIMEOUT_MINUTES = 10; // the first start downloads Kafka's jars from Maven Central

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (PORTS.stream().allMatch(TestInfrastructure::listening)) {
            return;
        }
        Path root = projectRoot();
        Path log = Path.of("target", "relay-infra.log").toAbsolutePath();
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder infra = new ProcessBuilder(root.resolve("relay").toString(), "infra")
                    .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            infra.environment().put("RELAY_INSTANCE", "test");
            Process process = infra.start();
            if (!process.waitFor(START_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("'RELAY_INSTANCE=test ./relay infra' did not finish in "
                        + START_TIMEOUT_MINUTES + " min; its output: " + log);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("'RELAY_INSTANCE=test ./relay infra' failed (exit "
                        + process.exitValue() + "); its output: " + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + root.resolve("relay"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the test infrastructure", e);
        }
    }

    private static int port(String variable, int otherwise) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? otherwise : Integer.parseInt(value.trim());
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The reactor's root, which the build passes as {@code relay.root}; else the nearest directory holding it. */
    static Path projectRoot() {
        String configured = System.getProperty("relay.root");
        if (configured != null && Files.isExecutable(Path.of(configured, "relay"))) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("relay"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find Relay's ./relay script above " + Path.of("").toAbsolutePath());
    }
}
