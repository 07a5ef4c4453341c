package dev.relay.auth.api;

/**
 * C0 control characters (U+0000 to U+001F) in client text. PostgreSQL refuses to store a NUL at all (the call would
 * fail as a 500), and none of the others belongs in a name or an id either.
 */
final class ControlCharacters {

    private ControlCharacters() {
    }

    /** True when the value holds one; null holds none. */
    static boolean in(String value) {
        return value != null && value.chars().anyMatch(c -> c < 0x20);
    }
}
