package io.fleetanomaly.events;

/** A record the job could not accept, kept whole with the reason, never dropped. */
public class DeadLetter {
    public byte[] raw;
    public DeadLetterReason reason;
    /** Human-readable detail, e.g. which field was wrong. */
    public String detail;
    public String sourceTopic;
    public int sourcePartition = RawRecord.NO_PARTITION;
    public long sourceOffset = -1L;
    /** Wall-clock time the record was rejected, epoch ms. */
    public long rejectedAt;

    public DeadLetter() {}

    public DeadLetter(RawRecord record, DeadLetterReason reason, String detail, long rejectedAt) {
        this.raw = record.value;
        this.reason = reason;
        this.detail = detail;
        this.sourceTopic = record.sourceTopic;
        this.sourcePartition = record.sourcePartition;
        this.sourceOffset = record.sourceOffset;
        this.rejectedAt = rejectedAt;
    }
}
