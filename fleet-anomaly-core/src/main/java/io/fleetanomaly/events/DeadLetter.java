package io.fleetanomaly.events;

import java.util.Arrays;

/**
 * A record the job could not accept, with the reason, never dropped. It keeps the record's first
 * {@value #MAX_RAW_BYTES} bytes ({@link #rawSize} says how large it was; the source position points
 * to the whole of it) and a detail of at most {@value #MAX_DETAIL_CHARS} characters, so a dead letter
 * stays far below Kafka's default 1 MB message limit whatever arrives.
 */
public class DeadLetter {
    /** The most of a record a dead letter copies. */
    public static final int MAX_RAW_BYTES = 64 * 1024;
    /** The longest detail a dead letter carries. */
    public static final int MAX_DETAIL_CHARS = 500;

    /** The record's bytes, cut to {@link #MAX_RAW_BYTES} (at a UTF-8 character boundary). */
    public byte[] raw;
    /** The size of the whole record in bytes. */
    public int rawSize;
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
        byte[] value = record.value == null ? new byte[0] : record.value;
        this.raw = value.length <= MAX_RAW_BYTES ? value : Arrays.copyOf(value, utf8Boundary(value, MAX_RAW_BYTES));
        this.rawSize = value.length;
        this.reason = reason;
        this.detail = detail == null || detail.length() <= MAX_DETAIL_CHARS
                ? detail : detail.substring(0, MAX_DETAIL_CHARS) + "...";
        this.sourceTopic = record.sourceTopic;
        this.sourcePartition = record.sourcePartition;
        this.sourceOffset = record.sourceOffset;
        this.rejectedAt = rejectedAt;
    }

    /** Whether {@link #raw} holds less than the whole record. */
    public boolean rawTruncated() {
        return raw != null && raw.length < rawSize;
    }

    /** The largest cut at or below {@code limit} that does not split a UTF-8 character (for text records). */
    private static int utf8Boundary(byte[] bytes, int limit) {
        int cut = limit;
        // back over continuation bytes (10xxxxxx), at most 3 of them
        while (cut > limit - 4 && cut > 0 && (bytes[cut] & 0xC0) == 0x80) {
            cut--;
        }
        return cut;
    }
}
