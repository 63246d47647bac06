package io.fleetanomaly.control;

/**
 * What became of one control message (the control-results output; JSON by
 * {@link io.fleetanomaly.format.ControlResultJson}). A Flink POJO.
 */
public class ControlResult {
    /** The message's {@code id}, or {@code topic/partition/offset} when it gave none (or could not be read). */
    public String controlId;
    public ControlStatus status;
    /** What the message asked for; null when it could not be read. */
    public ControlKind kind;
    /** REFUSED only: why. */
    public ControlRefusal reason;
    /** What was done, or the problem. */
    public String detail;
    /** The model version in force after the message (the old one when it was refused). */
    public String modelVersion;
    /** MODEL, ACCEPTED: the version it replaced. */
    public String previousModelVersion;
    /** MODEL: the bundle location the message gave. */
    public String bundle;
    /** MODEL, ACCEPTED: whether every device warms up again. */
    public boolean rewarm;
    /** ALERTING: the prefix ("" = the whole fleet). */
    public String devicePrefix;
    /** Where the message was read (null / -1 when it did not come from Kafka). */
    public String sourceTopic;
    public int sourcePartition = -1;
    public long sourceOffset = -1;
    /** Wall-clock time of the decision, epoch ms. */
    public long decidedAt;

    public ControlResult() {}
}
