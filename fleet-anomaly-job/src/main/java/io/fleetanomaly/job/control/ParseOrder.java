package io.fleetanomaly.job.control;

/**
 * What the parse step keeps of the control state (broadcast state of {@code parse-events}): the
 * features it parses events into, and the start-up bundle they were built on. A Flink POJO.
 */
public class ParseOrder {
    public String[] features;
    public String startupContentHash;

    public ParseOrder() {}

    public ParseOrder(String[] features, String startupContentHash) {
        this.features = features;
        this.startupContentHash = startupContentHash;
    }
}
