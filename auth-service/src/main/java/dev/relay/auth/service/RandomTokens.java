package dev.relay.auth.service;

import java.security.SecureRandom;

/** Random identifiers and secrets in base62, drawn from {@link SecureRandom} without modulo bias. */
public final class RandomTokens {

    public static final String KEY_PREFIX = "relay_sk_";
    /** 40 base62 characters carry about 238 bits; the issue asks for at least 32. */
    public static final int SECRET_LENGTH = 40;

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomTokens() {
    }

    public static String apiKeySecret() {
        return KEY_PREFIX + base62(SECRET_LENGTH);
    }

    public static String keyId() {
        return "key_" + base62(24);
    }

    public static String accountId() {
        return "acct_" + base62(24);
    }

    static String base62(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
        }
        return out.toString();
    }
}
