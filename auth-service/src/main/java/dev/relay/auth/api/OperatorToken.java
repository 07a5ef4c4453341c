package dev.relay.auth.api;

import dev.relay.auth.config.AuthConfig;
import dev.relay.auth.service.ApiKeyHasher;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** The configured operator token ({@code RELAY_OPERATOR_TOKEN}); blank counts as absent. */
@ApplicationScoped
public class OperatorToken {

    private static final String BEARER = "Bearer ";

    private final Optional<String> token;

    public OperatorToken(AuthConfig config) {
        this.token = config.operatorToken().map(String::strip).filter(t -> !t.isEmpty());
    }

    public boolean configured() {
        return token.isPresent();
    }

    /** True only for {@code Bearer <token>} with the configured token, compared in constant time. */
    public boolean admits(String authorizationHeader) {
        if (token.isEmpty() || authorizationHeader == null
                || !authorizationHeader.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        return ApiKeyHasher.sameSecret(token.get(), authorizationHeader.substring(BEARER.length()).strip());
    }
}
