package dev.relay.gateway.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

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
        return slice(Path.of("/proc/thread-self/sched"));
    }

    /** Thread {@code tid}'s slice in ns, as {@link #callingThreadSlice()} reads it. */
    public static long threadSlice(long tid) {
        return slice(Path.of("/proc/self/task/" + tid + "/sched"));
    }

    /** The calling thread's id, as the kernel numbers it ({@code /proc/thread-self} links to pid/task/tid). */
    public static long callingThreadId() {
        try {
            return Long.parseLong(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Ids of this process's threads whose kernel name ({@code comm}) is {@code name}. */
    public static List<Long> threadsNamed(String name) {
        try (Stream<Path> threads = Files.list(Path.of("/proc/self/task"))) {
            return threads.filter(thread -> name.equals(comm(thread)))
                    .map(thread -> Long.parseLong(thread.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String comm(Path thread) {
        try {
            return Files.readString(thread.resolve("comm")).trim();
        } catch (IOException e) {
            return ""; // ended since the listing
        }
    }

    private static long slice(Path sched) {
        try {
            return Files.readAllLines(sched).stream()
                    .filter(line -> line.startsWith("se.slice"))
                    .mapToLong(line -> Long.parseLong(line.substring(line.indexOf(':') + 1).trim()))
                    .findFirst().orElseThrow();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
