package dev.relay.gateway.dialect.openai;

import java.util.List;

/** One schema violation, FastAPI style: where ({@code ["body","temperature"]}), what, and its type. */
public record Violation(List<Object> loc, String msg, String type) {

    public static Violation at(String field, String msg, String type) {
        return new Violation(field == null ? List.of("body") : List.of("body", field), msg, type);
    }
}
