package io.fleetanomaly.job.control;

import io.fleetanomaly.control.ControlRefusal;
import io.fleetanomaly.control.ModelRelease;
import io.fleetanomaly.events.RawRecord;

/**
 * A control record after the loader: the record itself and, for a model swap whose bundle passed
 * every check, the bundle as a {@link ModelRelease}; or why the message cannot be applied, whatever
 * the state (unreadable message, bundle failing a check). The decision comes next
 * ({@link ControlDecisionFunction}). A Flink POJO.
 */
public class LoadedControl {
    public RawRecord record;
    /** The loaded bundle of a model message that passed its checks; null otherwise. */
    public ModelRelease model;
    /** Why the message is refused, found while loading; null when it may be decided on. */
    public ControlRefusal refusal;
    public String refusalDetail;

    public LoadedControl() {}

    static LoadedControl of(RawRecord record, ModelRelease model) {
        LoadedControl loaded = new LoadedControl();
        loaded.record = record;
        loaded.model = model;
        return loaded;
    }

    static LoadedControl refused(RawRecord record, ControlRefusal refusal, String detail) {
        LoadedControl loaded = new LoadedControl();
        loaded.record = record;
        loaded.refusal = refusal;
        loaded.refusalDetail = detail;
        return loaded;
    }
}
