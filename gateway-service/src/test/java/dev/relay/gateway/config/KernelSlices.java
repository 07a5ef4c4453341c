package dev.relay.gateway.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the kernel itself says about scheduling slices, read from /proc (not through the code under test). */
public final class KernelSlices {

    private KernelSlices() {
    }

    /** True on Linux 6.12 or later, which honours a thread's own slice. */
    public static boolean customSlicesSupported() {
        try {
            String[] release = Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim().split("[.-]");
            int major = Integer.parseInt(release[0]);
            int minor = Integer.parseInt(release[1]);
            return major > 6 || major == 6 && minor >= 12;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The calling thread's slice in ns, from {@code /proc/thread-self/sched}'s {@code se.slice} line. */
    public static long callingThreadSlice() {
        try {
            return Files.readAllLines(Path.of("/proc/thread-self/sched")).stream()
                    .filter(line -> line.startsWith("se.slice"))
                    .mapToLong(line -> Long.parseLong(line.substring(line.indexOf(':') + 1).trim()))
                    .findFirst().orElseThrow();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
