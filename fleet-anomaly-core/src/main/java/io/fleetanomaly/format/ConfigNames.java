package io.fleetanomaly.format;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The names enum constants have in configuration files, bundle manifests and command-line options:
 * the constant's name in lower case ({@code EVENT_TIME} is {@code event_time}). Parsing ignores case
 * and surrounding blanks, and a value that names no constant is refused with the valid names.
 */
public final class ConfigNames {
    private ConfigNames() {}

    /** The constant's configuration name: its name in lower case. */
    public static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The constant of {@code type} whose configuration name is {@code text}.
     *
     * @param what what the value is, for the error message ("starting offsets"), or null
     * @throws IllegalArgumentException "&lt;what&gt; must be a, b or c, got 'x'"
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String what, String text) {
        String wanted = text == null ? "" : text.trim();
        for (E constant : type.getEnumConstants()) {
            if (of(constant).equalsIgnoreCase(wanted)) {
                return constant;
            }
        }
        throw new IllegalArgumentException((what == null ? "" : what + " ") + "must be " + choices(type)
                + ", got '" + text + "'");
    }

    /** The configuration names of {@code type}'s constants: "a or b", "a, b or c". */
    public static String choices(Class<? extends Enum<?>> type) {
        List<String> names = Arrays.stream(type.getEnumConstants()).map(ConfigNames::of).toList();
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }
}
