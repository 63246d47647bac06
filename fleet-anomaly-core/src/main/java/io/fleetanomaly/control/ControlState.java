package io.fleetanomaly.control;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the control stream has put in force: the model (null: the bundle the job started with) and
 * the alerting overrides. The control decision operator keeps it as operator state and broadcasts
 * each new one; the scoring operator keeps the last one as broadcast state, so after a restore the
 * last accepted model and overrides are in force again. Each is complete, so applying one never
 * depends on the ones before. A Flink POJO.
 */
public class ControlState {
    /** Accepted changes so far (0: nothing accepted yet). */
    public long sequence;
    /** The bundle in force, or null for the start-up bundle. */
    public ModelRelease model;
    /** The alerting overrides in force (null or empty: none). */
    public AlertingOverride[] overrides;
    /** Earlier models whose device state the model in force continues (compatible swaps since the last re-warm-up). */
    public ModelLineage[] continues;
    /**
     * The order events are parsed in: every feature of the start-up bundle and of each bundle swapped
     * in since, in order of first appearance (it only grows, so an event parsed with an earlier list
     * reads the same at every index it has). The scoring operator maps it onto its model's features.
     */
    public String[] features;
    /**
     * Content hash of the bundle the job was started with when this state was built. A job started
     * again from a checkpoint with the same bundle keeps the model of this state; started with
     * another bundle (a deliberate redeployment), that bundle is in force instead.
     */
    public String startupContentHash;

    public ControlState() {}

    public ControlState(long sequence, ModelRelease model, AlertingOverride[] overrides, ModelLineage[] continues,
            String[] features, String startupContentHash) {
        this.sequence = sequence;
        this.model = model;
        this.overrides = overrides;
        this.continues = continues;
        this.features = features;
        this.startupContentHash = startupContentHash;
    }

    /** The state before any control message: the start-up bundle (its content hash and features), no overrides. */
    public static ControlState initial(String startupContentHash, List<String> startupFeatures) {
        return new ControlState(0, null, new AlertingOverride[0], new ModelLineage[0],
                startupFeatures.toArray(new String[0]), startupContentHash);
    }

    /** The next state: one more accepted change (its model's features join the parse order). */
    public ControlState next(ModelRelease nextModel, AlertingOverride[] nextOverrides, ModelLineage[] nextContinues) {
        return new ControlState(sequence + 1, nextModel, nextOverrides, nextContinues,
                nextModel == null ? features : withFeatures(features, nextModel.features), startupContentHash);
    }

    /** {@code order} followed by those of {@code more} it does not hold yet. */
    public static String[] withFeatures(String[] order, String[] more) {
        Set<String> known = new LinkedHashSet<>(Arrays.asList(order));
        known.addAll(Arrays.asList(more));
        return known.toArray(new String[0]);
    }

    /**
     * This state for a job started with the bundle of {@code contentHash}: itself when that is the
     * bundle it was built on (a restart from a checkpoint), else the initial state (a redeployment
     * with another bundle starts from that bundle and its configuration; what the control stream
     * had put in force is dropped).
     */
    public ControlState forStartup(String contentHash, List<String> startupFeatures) {
        return contentHash.equals(startupContentHash) ? this : initial(contentHash, startupFeatures);
    }

    public AlertingOverrides alertingOverrides() {
        return AlertingOverrides.fromState(overrides);
    }
}
