package dev.relay.gateway.dialect.openai;

import java.util.ArrayList;
import java.util.List;

/** One schema violation, FastAPI style: where ({@code ["body","temperature"]}), what, and its type. */
public record Violation(List<Object> loc, String msg, String type) {

    /** The most violations one answer lists: a body of a million unknown fields must not get an answer ten times its size. */
    public static final int MAX_REPORTED = 50;

    /** A list for a schema's violations that keeps the first {@link #MAX_REPORTED} and drops the rest. */
    public static List<Violation> bounded() {
        return new ArrayList<>() {
            @Override
            public boolean add(Violation violation) {
                return size() < MAX_REPORTED && super.add(violation);
            }
        };
    }

    public static Violation at(String field, String msg, String type) {
        return new Violation(field == null ? List.of("body") : List.of("body", field), msg, type);
    }
}
