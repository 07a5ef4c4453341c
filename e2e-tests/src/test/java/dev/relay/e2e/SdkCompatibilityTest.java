package dev.relay.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real client SDKs from npm (e2e-tests/sdk) against the real fleet. */
class SdkCompatibilityTest {

    private static final Path SDK_DIR = Path.of(System.getProperty("relay.root", "..")).resolve("e2e-tests/sdk");
    private static Fleet fleet;

    @BeforeAll
    static void startFleet() throws Exception {
        fleet = Fleet.start();
        if (!Files.isDirectory(SDK_DIR.resolve("node_modules"))) {
            assertEquals(0, run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of()), "npm ci failed");
        }
    }

    @Test
    void openAiNodeSdkWorksUnchanged() throws Exception {
        assertNodeTestsPass("openai.test.js", keys());
    }

    @Test
    void anthropicNodeSdkWorksUnchanged() throws Exception {
        assertNodeTestsPass("anthropic.test.js", keys());
    }

    @Test
    void ollamaJsLibraryWorksUnchanged() throws Exception {
        assertNodeTestsPass("ollama.test.js", keys());
    }

    /** Fresh for each SDK: a funded key, one with no credit, and one allowed a single request a minute. */
    private static Map<String, String> keys() {
        return Map.of(
                "RELAY_KEY", Account.funded(fleet, 5_000_000).key(),
                "RELAY_POOR_KEY", Account.create(fleet, 0, 1000).key(),
                "RELAY_LIMITED_KEY", Account.create(fleet, 5_000_000, 1).key());
    }

    /** Runs one SDK's node:test file against the fleet; its spec output shows which case failed. */
    private static void assertNodeTestsPass(String file, Map<String, String> keys) throws Exception {
        Map<String, String> env = new HashMap<>(keys);
        env.put("RELAY_BASE_URL", fleet.baseUrl);
        int exit = run(List.of("node", "--test", "--test-reporter=spec", file), env);
        assertEquals(0, exit, file + " failed (output above)");
    }

    private static int run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(SDK_DIR.toFile());
        pb.environment().putAll(env);
        return ChildProcess.run(pb, 180);
    }
}
