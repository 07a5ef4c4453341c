package dev.relay.gateway.config;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.time.Duration;
import java.util.Locale;

/**
 * The calling thread's scheduling slice on Linux: {@code sched_setattr}'s {@code sched_runtime} for an ordinary
 * ({@code SCHED_OTHER}/{@code SCHED_BATCH}) thread, which Linux honours from 6.12 (EEVDF custom slices) and older
 * kernels ignore. No privilege is needed: it changes neither the thread's policy nor its share of the CPU, only how
 * soon it runs once woken. A thread that was woken waits until whatever runs on its core has used up its own slice,
 * the kernel's default (1.4 ms on a 2-core machine); a thread that asks for a shorter one is run at once instead.
 * That is an event loop's case: it wakes thousands of times a second and runs for microseconds.
 */
public final class ThreadSlice {

    /** What the kernel reports for the calling thread after a request. */
    public record Outcome(boolean applied, long sliceNanos, String detail) {
    }

    private static final int ATTR_SIZE = 48; // struct sched_attr, SCHED_ATTR_SIZE_VER0
    private static final int SCHED_OTHER = 0;
    private static final int SCHED_BATCH = 3;
    private static final long SCHED_FLAG_RESET_ON_FORK = 0x01;

    private interface LibC extends Library {
        long syscall(long number, Object... args);
    }

    private ThreadSlice() {
    }

    /**
     * Asks for {@code slice} for the calling thread, keeping its policy, nice value and flags. A thread under a
     * real-time policy, an operator's choice, is left as it is.
     */
    public static Outcome request(Duration slice) {
        try {
            Calls calls = Calls.forThisMachine();
            if (calls == null) {
                return new Outcome(false, 0, "not Linux on x86-64 or aarch64");
            }
            Memory attr = new Memory(ATTR_SIZE);
            if (calls.get(attr) != 0) {
                return failed("sched_getattr");
            }
            int policy = attr.getInt(4);
            if (policy != SCHED_OTHER && policy != SCHED_BATCH) {
                return new Outcome(false, attr.getLong(24), "the thread runs under policy " + policy);
            }
            attr.setInt(0, ATTR_SIZE);
            attr.setLong(8, attr.getLong(8) & SCHED_FLAG_RESET_ON_FORK);
            attr.setLong(24, slice.toNanos());
            if (calls.set(attr) != 0) {
                return failed("sched_setattr");
            }
            if (calls.get(attr) != 0) { // else attr would still hold what was asked, not what the kernel set
                return failed("sched_getattr");
            }
            long now = attr.getLong(24);
            if (now == slice.toNanos()) {
                return new Outcome(true, now, "applied");
            }
            return new Outcome(false, now, now == 0 ? "this kernel has no custom slices (Linux 6.12+)"
                    : "the kernel keeps slices within 0.1-100 ms and set " + now / 1_000 + " µs");
        } catch (LinkageError | RuntimeException e) { // JNA's native library would not load (e.g. a native image)
            return new Outcome(false, 0, "JNA unavailable: " + e);
        }
    }

    /** A system call that failed, with the errno JNA kept from it. */
    private static Outcome failed(String call) {
        return new Outcome(false, 0, call + " failed (errno " + Native.getLastError() + ")");
    }

    /** The two system calls, by this architecture's numbers; each on the calling thread (pid 0). */
    private record Calls(LibC libc, long getattr, long setattr) {

        private static volatile Calls loaded;

        static Calls forThisMachine() {
            if (loaded != null) {
                return loaded;
            }
            if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
                return null;
            }
            long[] numbers = switch (System.getProperty("os.arch", "")) {
                case "amd64", "x86_64" -> new long[] {315, 314};
                case "aarch64" -> new long[] {275, 274};
                default -> null;
            };
            if (numbers == null) {
                return null;
            }
            loaded = new Calls(Native.load("c", LibC.class), numbers[0], numbers[1]);
            return loaded;
        }

        long get(Memory attr) {
            return libc.syscall(getattr, 0L, attr, (long) ATTR_SIZE, 0L);
        }

        long set(Memory attr) {
            return libc.syscall(setattr, 0L, attr, 0L);
        }
    }
}
