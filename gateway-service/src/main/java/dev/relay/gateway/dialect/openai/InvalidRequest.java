package dev.relay.gateway.dialect.openai;

import java.util.List;

/** A /v2 request that breaks the published schema: answered 422 with every violation found. */
public class InvalidRequest extends RuntimeException {

    private final List<Violation> violations;

    public InvalidRequest(List<Violation> violations) {
        super("request does not match the schema", null, false, false);
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
