package io.fleetanomaly.events;

/**
 * One record exactly as it arrives from the outside world: the bytes of a Kafka value (or the
 * simulator's identical JSON) plus where it came from, so a dead letter can point back to it.
 */
public class RawRecord {
    /** Source position is unknown (e.g. simulator, file replay). */
    public static final int NO_PARTITION = -1;

    public byte[] value;
    public String sourceTopic;
    public int sourcePartition = NO_PARTITION;
    public long sourceOffset = -1L;

    public RawRecord() {}

    public RawRecord(byte[] value, String sourceTopic, int sourcePartition, long sourceOffset) {
        this.value = value;
        this.sourceTopic = sourceTopic;
        this.sourcePartition = sourcePartition;
        this.sourceOffset = sourceOffset;
    }

    public static RawRecord of(byte[] value, String source) {
        return new RawRecord(value, source, NO_PARTITION, -1L);
    }
}
