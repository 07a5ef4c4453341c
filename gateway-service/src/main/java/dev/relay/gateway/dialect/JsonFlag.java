package dev.relay.gateway.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.gateway.service.ApiFailure;
import java.util.function.Supplier;

/**
 * A request's true-or-false field, read strictly: Jackson reads {@code "yes"} or {@code 1} as false, which would run a
 * request other than the one sent (an error result taken as a success, parallel tool calls left on) instead of saying
 * what is wrong with it.
 */
public final class JsonFlag {

    private JsonFlag() {
    }

    /**
     * The field's value, false when it is absent or null.
     *
     * @throws ApiFailure the one {@code notBoolean} gives, when the field holds anything but true or false
     */
    public static boolean read(JsonNode parent, String field, Supplier<ApiFailure> notBoolean) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw notBoolean.get();
        }
        return value.booleanValue();
    }
}
