package io.fleetanomaly.job.control;

import io.fleetanomaly.bundle.BundleLoader;
import io.fleetanomaly.bundle.BundleOverrides;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.control.ControlState;
import io.fleetanomaly.control.ModelAnnouncement;
import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.events.SensorEvent;
import io.fleetanomaly.job.DeviceScoringFunction;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device window operator of a job with a control stream: a {@link DeviceScoringFunction} (which
 * does all the scoring, keyed state and timers) that also receives, as broadcast state
 * ({@value #STATE_NAME}), each {@link ControlState} the control decision accepts.
 *
 * <p>The switch point is well defined: each subtask applies a control state between two events, so
 * every event is scored by exactly one model, whose version it carries. Before the first event it
 * scores after a switch (or after a restore that brought one back) it sends, on the same channel, a
 * {@link ScoredEvent#announcement} of the model and the alerting overrides now in force: the LSTM
 * and alert operators downstream switch on it, in order with the events, and never look anything up
 * by time. A bundle is built again here from the files the control state holds (every check of
 * {@link BundleLoader}, with the job's configuration overrides); it passed the same checks in the
 * loader, so a failure here is a fault of this TaskManager: logged, counted, and the subtask keeps
 * its model.
 *
 * <p>After a restore the last accepted control state is in force again, unless the job was started
 * with another bundle than the one it was built on ({@link ControlState#forStartup}).
 */
public class ControlledDeviceScoring extends KeyedBroadcastProcessFunction<String, SensorEvent, ControlState, ScoredEvent>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ControlledDeviceScoring.class);

    static final String STATE_NAME = "control-state";
    private static final String IN_FORCE = "in-force";
    public static final MapStateDescriptor<String, ControlState> CONTROL_STATE =
            new MapStateDescriptor<>(STATE_NAME, Types.STRING, TypeInformation.of(ControlState.class));

    private final DeviceScoringFunction scoring;
    private final ModelBundle startup;
    private final BundleOverrides overrides;

    private transient ControlState inForce;
    private transient ModelBundle model;
    /** Index in the parse order of each of the model's features; null while the two are the same. */
    private transient int[] parsedIndex;
    /** What to send ahead of the next scored event; null when downstream knows what is in force. */
    private transient ModelAnnouncement pending;
    private transient AnnouncingCollector announcing;
    private transient ScoringContext context;
    private transient Counter swapFailures;

    /** @param scoring the scoring function, built with the start-up bundle */
    public ControlledDeviceScoring(DeviceScoringFunction scoring, BundleOverrides overrides) {
        this.scoring = scoring;
        this.startup = scoring.model();
        this.overrides = overrides;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        scoring.setRuntimeContext(getRuntimeContext());
        String startupContentHash = startup.identity().contentHash();
        model = startup;
        inForce = ControlState.initial(startupContentHash, startup.features());
        BroadcastState<String, ControlState> broadcast = context.getOperatorStateStore().getBroadcastState(CONTROL_STATE);
        ControlState restored = broadcast.get(IN_FORCE);
        if (restored != null) {
            ControlState effective = restored.forStartup(startupContentHash, startup.features());
            if (effective != restored) {
                LOG.warn("The job was started with bundle {}, not the bundle its restored control state was built on:"
                        + " the model and alerting overrides the control stream had put in force are dropped", startup.version());
                broadcast.put(IN_FORCE, effective);
            }
            apply(effective);
        }
        // the restore check of the scoring function compares the restored keyed state with the model now in force
        scoring.initializeState(context);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        scoring.snapshotState(context);
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        scoring.open(openContext);
        announcing = new AnnouncingCollector();
        context = new ScoringContext();
        swapFailures = getRuntimeContext().getMetricGroup().addGroup("fleet_anomaly").counter("control_swap_failures");
    }

    @Override
    public void close() throws Exception {
        scoring.close();
    }

    @Override
    public void processElement(SensorEvent event, ReadOnlyContext ctx, Collector<ScoredEvent> out) throws Exception {
        scoring.processElement(inModelOrder(event), context.over(ctx), announcing.to(out));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ScoredEvent> out) throws Exception {
        scoring.onTimer(timestamp, context.over(ctx), announcing.to(out));
    }

    @Override
    public void processBroadcastElement(ControlState next, Context ctx, Collector<ScoredEvent> out) throws Exception {
        ctx.getBroadcastState(CONTROL_STATE).put(IN_FORCE, next);
        apply(next);
    }

    /** The model and overrides now in force: the next scored event is announced first. */
    private void apply(ControlState next) {
        ModelBundle nextModel;
        try {
            nextModel = modelOf(next);
        } catch (RuntimeException e) {
            if (swapFailures != null) {
                swapFailures.inc();
            }
            LOG.error("Subtask {} cannot build bundle {} (the control loader accepted it); it keeps model {}",
                    getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(), next.model.describe(), model.version(), e);
            return;
        }
        if (nextModel != model) {
            scoring.useModel(nextModel, next.continues);
            model = nextModel;
        }
        inForce = next;
        parsedIndex = parsedIndex(next.features, model.features());
        pending = ModelAnnouncement.of(next.sequence, model, next.alertingOverrides(), next.continues);
    }

    private ModelBundle modelOf(ControlState next) {
        if (next.model == null) {
            return startup;
        }
        if (inForce.model != null && inForce.model.manifestSha256.equals(next.model.manifestSha256)) {
            return model;
        }
        return overrides.applyTo(BundleLoader.load(next.model.location, next.model.files()));
    }

    /**
     * The event with its values in the model's feature order. Events are parsed in the order of
     * {@link ControlState#features}, which only grows: an event parsed before its parse step learnt a
     * feature lacks it (NaN: imputed like any missing reading), one parsed after has values the
     * model does not read.
     */
    private SensorEvent inModelOrder(SensorEvent event) {
        int f = model.featureCount();
        if (parsedIndex == null && event.values.length == f) {
            return event;
        }
        double[] values = new double[f];
        for (int j = 0; j < f; j++) {
            int i = parsedIndex == null ? j : parsedIndex[j];
            values[j] = i < event.values.length ? event.values[i] : Double.NaN;
        }
        return new SensorEvent(event.deviceId, event.ts, values, event.label, event.anomalyType);
    }

    private static int[] parsedIndex(String[] parseOrder, List<String> modelFeatures) {
        List<String> order = Arrays.asList(parseOrder);
        int[] index = new int[modelFeatures.size()];
        boolean same = true;
        for (int j = 0; j < index.length; j++) {
            index[j] = order.indexOf(modelFeatures.get(j));
            if (index[j] < 0) {
                throw new IllegalStateException("the parse order " + order + " lacks feature " + modelFeatures.get(j));
            }
            same &= index[j] == j;
        }
        return same ? null : index;
    }

    /** The scoring function it runs. */
    public DeviceScoringFunction scoring() {
        return scoring;
    }

    /** What is in force in this subtask (tests). */
    ControlState inForce() {
        return inForce;
    }

    /** Sends the pending announcement ahead of the next record, with that record's key. */
    private final class AnnouncingCollector implements Collector<ScoredEvent> {
        private Collector<ScoredEvent> out;

        Collector<ScoredEvent> to(Collector<ScoredEvent> target) {
            out = target;
            return this;
        }

        @Override
        public void collect(ScoredEvent record) {
            if (pending != null) {
                out.collect(ScoredEvent.announcing(pending, record.deviceId));
                pending = null;
            }
            out.collect(record);
        }

        @Override
        public void close() {
            out.close();
        }
    }

    /**
     * The scoring function's context over this operator's (the same key, timers and side outputs),
     * for events and timers alike: an event's context is never asked for its time domain.
     */
    private final class ScoringContext extends KeyedProcessFunction<String, SensorEvent, ScoredEvent>.OnTimerContext {
        private ReadOnlyContext current;

        ScoringContext() {
            scoring.super();
        }

        ScoringContext over(ReadOnlyContext operatorContext) {
            current = operatorContext;
            return this;
        }

        @Override
        public Long timestamp() {
            return current.timestamp();
        }

        @Override
        public TimerService timerService() {
            return current.timerService();
        }

        @Override
        public <X> void output(OutputTag<X> outputTag, X value) {
            current.output(outputTag, value);
        }

        @Override
        public TimeDomain timeDomain() {
            return ((OnTimerContext) current).timeDomain();
        }

        @Override
        public String getCurrentKey() {
            return current.getCurrentKey();
        }
    }
}
