package dev.relay.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Runs a helper process (./relay, node) and relays its output line by line through {@code System.out}. Surefire
 * talks to the test JVM over that JVM's own stdout, so a child must never inherit it: interleaved raw bytes
 * corrupt the channel and fail the build even when every test passed.
 */
final class ChildProcess {

    private ChildProcess() {
    }

    /** @return the exit code, or -1 when the process did not finish in time (it is then killed) */
    static int run(ProcessBuilder builder, int timeoutSeconds) throws IOException, InterruptedException {
        Process process = builder.redirectErrorStream(true).start();
        Thread relay = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    System.out.println(line);
                }
            } catch (IOException ignored) {
                // the process is gone; its exit code tells the rest
            }
        });
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        relay.join(TimeUnit.SECONDS.toMillis(5));
        return process.exitValue();
    }
}
