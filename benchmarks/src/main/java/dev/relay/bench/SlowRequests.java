package dev.relay.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Requests slower than a threshold, one line each (target, scheduled start in microseconds since the epoch, time to
 * completion in microseconds), so that a tail can be laid next to what else happened at that moment: a JFR
 * recording's garbage collections, safepoints or thread states, which carry wall-clock times too.
 */
final class SlowRequests {

    static final SlowRequests NONE = new SlowRequests(null, Long.MAX_VALUE);

    private final PrintWriter out;
    private final long thresholdMicros;

    private SlowRequests(PrintWriter out, long thresholdMicros) {
        this.out = out;
        this.thresholdMicros = thresholdMicros;
    }

    /** Appends to {@code file} (none when null) every request that took longer than {@code thresholdMicros}. */
    static SlowRequests to(String file, long thresholdMicros) {
        if (file == null || file.isBlank()) {
            return NONE;
        }
        try {
            return new SlowRequests(new PrintWriter(Files.newBufferedWriter(Path.of(file))), thresholdMicros);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    synchronized void note(URI target, long scheduledEpochMicros, long tookMicros) {
        if (out != null && tookMicros > thresholdMicros) {
            out.printf("%s:%d,%d,%d%n", target.getHost(), target.getPort(), scheduledEpochMicros, tookMicros);
        }
    }

    synchronized void close() {
        if (out != null) {
            out.close();
        }
    }
}
