package dev.relay.contracts.internal;

/**
 * Client text that PostgreSQL stores as it was sent. A NUL it refuses outright (the call would fail as a 500); an
 * unpaired UTF-16 surrogate (JSON's "\ud800") it stores as '?', so the name read back differs from the one given;
 * and no other C0 control character (U+0000 to U+001F) belongs in a name or an id either. Every service's internal
 * and operator API refuses such text with a 400, as part of the one convention for their errors ({@link ApiError}).
 */
public final class StorableText {

    private StorableText() {
    }

    /** False when the value holds a control character or an unpaired surrogate; null is storable. */
    public static boolean storable(String value) {
        if (value == null) {
            return true;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20) {
                return false;
            }
            boolean pair = Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1));
            if (pair) {
                i++; // one character outside the BMP
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
