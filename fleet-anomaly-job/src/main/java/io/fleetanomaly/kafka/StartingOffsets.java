package io.fleetanomaly.kafka;

import io.fleetanomaly.format.ConfigNames;

/** Where the source starts reading a partition it has no checkpointed position for. */
public enum StartingOffsets {
    /** The consumer group's committed offsets, earliest where it has none. */
    COMMITTED,
    EARLIEST,
    LATEST;

    public static StartingOffsets parse(String text) {
        return ConfigNames.parse(StartingOffsets.class, "starting offsets", text);
    }

    public String configName() {
        return ConfigNames.of(this);
    }
}
