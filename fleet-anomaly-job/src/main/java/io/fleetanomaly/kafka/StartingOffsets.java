package io.fleetanomaly.kafka;

/** Where the source starts reading a partition it has no checkpointed position for. */
public enum StartingOffsets {
    /** The consumer group's committed offsets, earliest where it has none. */
    COMMITTED,
    EARLIEST,
    LATEST;

    public static StartingOffsets parse(String text) {
        for (StartingOffsets value : values()) {
            if (value.name().equalsIgnoreCase(text)) {
                return value;
            }
        }
        throw new IllegalArgumentException("starting offsets must be committed, earliest or latest, got '" + text + "'");
    }
}
