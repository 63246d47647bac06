package io.fleetanomaly.evaluation.report;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** Safe, unique file names for charts named after detectors and devices (which may hold any text). */
final class FileNames {
    private static final int MAX_STEM = 60;
    private final Set<String> used = new HashSet<>();

    /** {@code prefix-stem.png}, the stem reduced to {@code [a-z0-9._-]}, with a counter if taken. */
    String png(String prefix, String name) {
        String stem = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "_");
        stem = stem.replaceAll("^[._]+", "");
        if (stem.length() > MAX_STEM) {
            stem = stem.substring(0, MAX_STEM);
        }
        if (stem.isEmpty()) {
            stem = "unnamed";
        }
        String candidate = prefix + "-" + stem + ".png";
        for (int n = 2; !used.add(candidate); n++) {
            candidate = prefix + "-" + stem + "-" + n + ".png";
        }
        return candidate;
    }
}
