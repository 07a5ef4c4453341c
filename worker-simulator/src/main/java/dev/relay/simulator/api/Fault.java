package dev.relay.simulator.api;

import dev.relay.simulator.service.RequestRejected;

/**
 * A failure a test asks for with the {@value #HEADER} request header: {@code fail-before} (500 at once),
 * {@code fail-after:N} (N content chunks, then the connection drops without a terminating chunk) or
 * {@code slow:MS} (the first token comes MS wall-clock milliseconds late). Media endpoints read the same header
 * with their own meaning of each ({@link MediaFaults}).
 */
record Fault(Kind kind, long amount) {

    static final String HEADER = "x-sim-fault";
    static final Fault NONE = new Fault(Kind.NONE, 0);

    enum Kind { NONE, FAIL_BEFORE, FAIL_AFTER, SLOW }

    static Fault parse(String header, boolean enabled) {
        if (!enabled || header == null || header.isBlank()) {
            return NONE;
        }
        String value = header.trim().toLowerCase();
        if (value.equals("fail-before")) {
            return new Fault(Kind.FAIL_BEFORE, 0);
        }
        if (value.startsWith("fail-after:")) {
            return new Fault(Kind.FAIL_AFTER, number(value, "fail-after:"));
        }
        if (value.startsWith("slow:")) {
            return new Fault(Kind.SLOW, number(value, "slow:"));
        }
        throw RequestRejected.badRequest(HEADER + " must be fail-before, fail-after:N or slow:MS, got " + header);
    }

    private static long number(String value, String prefix) {
        try {
            long n = Long.parseLong(value.substring(prefix.length()));
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw RequestRejected.badRequest(HEADER + " " + prefix + " needs a non-negative number, got " + value);
    }

    long delayMillis() {
        return kind == Kind.SLOW ? amount : 0;
    }

    /** True when the response must be cut after this many content chunks have been sent. */
    boolean cutsAfter(int chunksSent) {
        return kind == Kind.FAIL_AFTER && chunksSent >= amount;
    }
}
