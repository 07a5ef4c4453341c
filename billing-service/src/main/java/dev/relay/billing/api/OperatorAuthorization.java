package dev.relay.billing.api;

import dev.relay.billing.config.BillingConfig;
import dev.relay.contracts.internal.ApiError;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The operator API's bearer check. Digests are compared with {@link MessageDigest#isEqual} (constant time, and
 * equal lengths whatever was presented). Without a configured token every call is refused.
 */
@ApplicationScoped
public class OperatorAuthorization {

    private static final String BEARER = "Bearer ";

    private final Optional<byte[]> expected;

    public OperatorAuthorization(BillingConfig config) {
        this.expected = config.operatorToken().filter(t -> !t.isBlank()).map(OperatorAuthorization::digest);
    }

    public void check(String authorization) {
        if (expected.isEmpty()) {
            throw ApiError.unauthorized("The operator API is closed: no operator token is configured.");
        }
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw ApiError.unauthorized("Missing operator token (Authorization: Bearer ...).");
        }
        byte[] presented = digest(authorization.substring(BEARER.length()).trim());
        if (!MessageDigest.isEqual(presented, expected.get())) {
            throw ApiError.unauthorized("Invalid operator token.");
        }
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
