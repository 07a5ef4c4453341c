package dev.relay.routing.registry;

import java.util.function.Predicate;

/**
 * A model as a client named it, split into optional mode and source and the model id. Model ids themselves
 * contain {@code /}, {@code :} and {@code .} ({@code gpt-oss:20b}, {@code Qwen/Qwen2.5-7B}), so a prefix is only
 * taken off when it is a known word, and a name the registry knows as a whole is never split.
 *
 * @param mode {@code direct}, {@code opengpu} or null when not given
 * @param source a protocol family or null when not given
 */
public record ModelRef(String mode, String source, String model) {

    public static ModelRef parse(String name, Predicate<String> isKnownModel) {
        if (isKnownModel.test(name)) {
            return new ModelRef(null, null, name);
        }
        int dot = name.indexOf('.');
        if (dot <= 0 || !Vocabulary.MODES.contains(name.substring(0, dot))) {
            return new ModelRef(null, null, name);
        }
        String mode = name.substring(0, dot);
        String rest = name.substring(dot + 1);
        int next = rest.indexOf('.');
        if (next > 0 && Vocabulary.SOURCES.contains(rest.substring(0, next)) && !isKnownModel.test(rest)) {
            return new ModelRef(mode, rest.substring(0, next), rest.substring(next + 1));
        }
        return new ModelRef(mode, null, rest);
    }

    public String id() {
        return (mode == null ? "" : mode + ".") + (source == null ? "" : source + ".") + model;
    }
}
