package dev.relay.opengpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bytecode this module ships is what its Solidity source compiles to today (compile.sh, solc 0.8.37). */
class CompiledContractsTest {

    @Test
    void theShippedBytecodeIsTheSourcesCompiledToday(@TempDir Path out) throws Exception {
        Path module = Path.of("").toAbsolutePath();
        Process compile = new ProcessBuilder(module.resolve("compile.sh").toString(), out.toString())
                .redirectErrorStream(true).redirectOutput(out.resolve("compile.log").toFile()).start();
        compile.waitFor(5, TimeUnit.MINUTES);
        assertEquals(0, compile.exitValue(), () -> "compile.sh failed: " + read(out.resolve("compile.log")));
        Path shipped = module.resolve("src/main/resources/dev/relay/opengpu");
        for (String contract : new String[] {"TaskBook.bin", "OpenGpuTask.bin"}) {
            assertEquals(read(out.resolve(contract)), read(shipped.resolve(contract)),
                    contract + " is stale: run opengpu-chain/compile.sh");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
