package dev.relay.simulator.engine;

/** The SplitMix64 finalizer: a cheap, well-spread 64-bit hash step for block hashes and text seeds. */
public final class SplitMix {

    private SplitMix() {
    }

    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A 64-bit seed from text (FNV-1a over its chars, then mixed): same text, same seed. */
    public static long hash(CharSequence text) {
        long h = 0xCBF29CE484222325L;
        for (int i = 0; i < text.length(); i++) {
            h = (h ^ text.charAt(i)) * 0x100000001B3L;
        }
        return mix(h);
    }
}
