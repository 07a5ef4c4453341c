package dev.relay.auth.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one form in which a key is kept or compared: lowercase hex of SHA-256 over the UTF-8 bytes of the full key
 * string. The gateway computes exactly the same value on its side before asking {@code /internal/keys/{hash}}.
 */
public final class ApiKeyHasher {

    private ApiKeyHasher() {
    }

    public static String sha256Hex(String value) {
        return HexFormat.of().formatHex(sha256(value));
    }

    /** Constant-time comparison; both sides are hashed first so that not even their lengths leak. */
    public static boolean sameSecret(String expected, String presented) {
        return MessageDigest.isEqual(sha256(expected), sha256(presented));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
