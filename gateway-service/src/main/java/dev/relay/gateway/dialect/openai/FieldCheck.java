package dev.relay.gateway.dialect.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.gateway.dialect.InlineImages;
import java.util.List;
import java.util.Set;

/**
 * The /v2 schemas' view of one field of {@code body}, in FastAPI's words and error types; a rule may put the field back
 * in its canonical form.
 */
public record FieldCheck(ObjectNode body, String field, List<Violation> violations) {

private static final Set<String> MODES = Set.of("auto", "opengpu", "direct");
private static final Set<String> TOOL_CHOICES = Set.of("none", "auto", "required");
private static final Set<String> RESPONSE_FORMATS = Set.of("text", "json_object", "json_schema");
/** 2^53: every double up to it that has no fraction is exactly the integer it shows. */
private static final double WHOLE_DOUBLES = 9_007_199_254_740_992d;

    public void fail(String msg, String type) {
        violations.add(Violation.at(field, msg, type));
    }

    public void string(JsonNode v) {
        if (!v.isTextual()) {
            fail("Input should be a valid string", "string_type");
        }
    }

    public void bool(JsonNode v) {
        if (!v.isBoolean()) {
            fail("Input should be a valid boolean", "bool_type");
        }
    }

    public void object(JsonNode v) {
        if (!v.isObject()) {
            fail("Input should be a valid dictionary", "dict_type");
        }
    }

    public void stringOrObject(JsonNode v) {
        if (!v.isTextual() && !v.isObject()) {
            fail("Input should be a valid string or dictionary", "union_type");
        }
    }

    /** A non-blank string of at most {@code maxChars} characters (UTF-16 units, as Python's len() nearly counts). */
    public void text(JsonNode v, int maxChars) {
        nonBlankString(v);
        if (v.isTextual() && v.asText().length() > maxChars) {
            fail("String should have at most " + maxChars + " characters", "string_too_long");
        }
    }

    /** A string that is one of {@code allowed}, listed in the message as FastAPI lists a Literal's values. */
    public void oneOf(JsonNode v, List<String> allowed) {
        string(v);
        if (v.isTextual() && !allowed.contains(v.asText())) {
            fail("Input should be " + allowed.stream().map(a -> "'" + a + "'").reduce((a, b) -> a + ", " + b)
                    .orElse(""), "literal_error");
        }
    }

    public void nonBlankString(JsonNode v) {
        string(v);
        if (v.isTextual() && v.asText().isBlank()) {
            fail("String should have at least 1 character", "string_too_short");
        }
    }

    /** Beyond the published schema, what no worker can answer: no message, too many, a message without a role. */
    public void messages(JsonNode v) {
        listOfObjects(v);
        if (!v.isArray()) {
            return;
        }
        if (v.isEmpty()) {
            fail("List should have at least 1 item after validation, not 0", "too_short");
        } else if (v.size() > OpenAiRequestSchema.MAX_MESSAGES) {
            fail("List should have at most " + OpenAiRequestSchema.MAX_MESSAGES + " items after validation, not " + v.size(), "too_long");
        }
        for (int i = 0; i < v.size(); i++) {
            JsonNode message = v.get(i);
            if (message.isObject() && !message.path("role").isTextual()) {
                violations.add(new Violation(List.of("body", field, i, "role"),
                        message.has("role") ? "Input should be a valid string" : "Field required",
                        message.has("role") ? "string_type" : "missing"));
                return;
            }
            if (message.isObject() && !content(message.get("content"), i)) {
                return;
            }
        }
    }

    /**
     * A message's content as OpenAI takes it: absent or null (an assistant's tool calls), a string, or a list of
     * content parts, each an object with a string {@code type} ({@code text} with a string {@code text},
     * {@code image_url} with an object holding a string {@code url}). Anything else a worker would read as no
     * prompt at all, or refuse in its own words.
     */
    private boolean content(JsonNode content, int message) {
        if (content == null || content.isNull() || content.isTextual()) {
            return true;
        }
        if (!content.isArray()) {
            violations.add(new Violation(List.of("body", field, message, "content"),
                    "Input should be a valid string or a list of content parts", "union_type"));
            return false;
        }
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            String problem = !part.isObject() ? "Input should be a valid dictionary"
                    : !part.path("type").isTextual() ? "A content part needs a string 'type'"
                    : part.get("type").asText().equals("text") && !part.path("text").isTextual()
                            ? "A text part needs a string 'text'"
                    : part.get("type").asText().equals("image_url")
                            && !part.path("image_url").path("url").isTextual()
                            ? "An image_url part needs an object 'image_url' with a string 'url'"
                    : part.get("type").asText().equals("image_url")
                            && !InlineImages.isAcceptableUrl(part.path("image_url").path("url").asText())
                            ? "An image_url's data: URL must be data:image/<type>;base64, and valid base64"
                    : null;
            if (problem != null) {
                violations.add(new Violation(List.of("body", field, message, "content", j), problem,
                        part.isObject() ? "value_error" : "dict_type"));
                return false;
            }
        }
        return true;
    }

    public void listOfObjects(JsonNode v) {
        if (!v.isArray()) {
            fail("Input should be a valid list", "list_type");
            return;
        }
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isObject()) {
                violations.add(new Violation(List.of("body", field, i), "Input should be a valid dictionary",
                        "dict_type"));
                return;
            }
        }
    }

    public void integer(JsonNode value, long min, long max) {
        JsonNode v = value;
        if (v.isFloatingPointNumber() && Math.abs(v.doubleValue()) <= WHOLE_DOUBLES
                && v.doubleValue() == Math.rint(v.doubleValue())) {
            v = LongNode.valueOf(v.longValue());
            body.set(field, v); // the same key's value replaced: no change to the fields being iterated
        }
        if (v.isFloatingPointNumber() && v.doubleValue() != Math.rint(v.doubleValue())) {
            fail("Input should be a valid integer, got a number with a fractional part", "int_from_float");
        } else if (!v.isIntegralNumber()) {
            fail("Input should be a valid integer", "int_type");
        } else if (!v.canConvertToLong()) {
            // Beyond a long either way: the bound it passed is the one on its side.
            boolean negative = v.bigIntegerValue().signum() < 0;
            fail("Input should be " + (negative ? "greater than or equal to " + min : "less than or equal to " + max),
                    negative ? "greater_than_equal" : "less_than_equal");
        } else if (v.asLong() < min) {
            fail("Input should be greater than or equal to " + min, "greater_than_equal");
        } else if (v.asLong() > max) {
            fail("Input should be less than or equal to " + max, "less_than_equal");
        }
    }

    public void number(JsonNode v, double min, double max) {
        if (!v.isNumber()) {
            fail("Input should be a valid number", "float_type");
        } else if (v.asDouble() < min) {
            fail("Input should be greater than or equal to " + format(min), "greater_than_equal");
        } else if (v.asDouble() > max) {
            fail("Input should be less than or equal to " + format(max), "less_than_equal");
        }
    }

    public void stop(JsonNode v) {
        if (v.isTextual()) {
            return;
        }
        if (!v.isArray()) {
            fail("Input should be a valid string or list of strings", "union_type");
        } else if (v.size() > 4) {
            fail("List should have at most 4 items after validation, not " + v.size(), "too_long");
        } else {
            for (JsonNode item : v) {
                if (!item.isTextual()) {
                    fail("Input should be a valid string", "string_type");
                    return;
                }
            }
        }
    }

    public void mode(JsonNode v) {
        if (!v.isTextual()) {
            fail("Input should be a valid string", "string_type");
        } else if (!MODES.contains(v.asText())) {
            fail("Input should be 'auto', 'opengpu' or 'direct'", "enum");
        }
    }

    /** OpenAI's values, which the seed's schema leaves open: anything else a worker would refuse or ignore. */
    public void toolChoice(JsonNode v) {
        stringOrObject(v);
        if (v.isTextual() && !TOOL_CHOICES.contains(v.asText())) {
            fail("Input should be 'none', 'auto', 'required' or a function to call", "enum");
        } else if (v.isObject() && !("function".equals(v.path("type").asText())
                && v.path("function").path("name").isTextual())) {
            fail("Input should be {\"type\": \"function\", \"function\": {\"name\": ...}}", "value_error");
        }
    }

    /** Any object (vLLM takes more options than OpenAI), but {@code include_usage}, read here, is a boolean. */
    public void streamOptions(JsonNode v) {
        object(v);
        JsonNode includeUsage = v.path("include_usage");
        if (v.isObject() && !includeUsage.isMissingNode() && !includeUsage.isNull() && !includeUsage.isBoolean()) {
            fail("include_usage: Input should be a valid boolean", "bool_type");
        }
    }

    /**
     * An object whose {@code type} is one of OpenAI's: a worker would refuse any other, or answer free text. A
     * {@code json_schema} one holds its schema in an object, as OpenAI's does: given anything else as its format, an
     * Ollama worker fails the request when it starts generating, with a 500 in many releases, not a refusal.
     */
    public void responseFormat(JsonNode v) {
        object(v);
        if (v.isObject() && !RESPONSE_FORMATS.contains(v.path("type").asText())) {
            fail("Input should have type 'text', 'json_object' or 'json_schema'", "enum");
        } else if ("json_schema".equals(v.path("type").asText()) && !schemaInAnObject(v.path("json_schema"))) {
            fail("Input should have a json_schema object, its schema (if any) an object", "dict_type");
        }
    }

    private static boolean schemaInAnObject(JsonNode jsonSchema) {
        JsonNode schema = jsonSchema.path("schema");
        return jsonSchema.isObject() && (schema.isMissingNode() || schema.isNull() || schema.isObject());
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
