package io.fleetanomaly.job;

import io.fleetanomaly.bundle.BundleIdentity;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.events.DeadLetter;
import io.fleetanomaly.events.DeadLetterReason;
import io.fleetanomaly.events.RawRecord;
import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.events.SensorEvent;
import io.fleetanomaly.format.EventJsonWriter;
import io.fleetanomaly.control.ModelLineage;
import io.fleetanomaly.control.ModelLineages;
import io.fleetanomaly.scoring.DeviceScorer;
import io.fleetanomaly.scoring.DeviceStateRescaler;
import io.fleetanomaly.state.DeviceModelsState;
import io.fleetanomaly.state.DeviceWarmupState;
import io.fleetanomaly.state.BundleIdentityState;
import io.fleetanomaly.state.DeviceWindowState;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-device window operator: keeps each device's window, imputation and warm-up state in
 * keyed state and scores every event with the bundle's detectors (see {@link DeviceScorer}).
 *
 * <p>Lateness is judged per device, not against the job-wide watermark: a device whose uplink lags
 * the rest of the fleet is still scored. An event more than the out-of-orderness bound older than
 * its device's newest event is late; so is, with {@link EventOrder#EVENT_TIME}, an event older than
 * one already scored (it can no longer enter the window in order). Late events are not scored: they
 * go to the dead letters as {@link DeadLetterReason#LATE_EVENT}.
 *
 * <p>With {@code EVENT_TIME}, events wait until their device's newest event is the bound ahead of
 * them (or, should the device fall silent, until the watermark passes them by the bound) and are
 * scored in timestamp order. They wait in {@link HeldEvents}; one event-time timer per device, at
 * the bound past its earliest held event, is the backstop for a device that fell silent.
 *
 * <p>Keyed state (names and layout in {@code docs/state.md}): {@link KeyedDeviceState} and, with
 * {@code EVENT_TIME}, {@link HeldEvents}. Each device's state records the bundle that built it
 * ({@link BundleIdentity#fingerprint()}); a device whose state another bundle built is re-warmed on
 * its next event. The operator state {@value #BUNDLE_IDENTITY} records the bundle the subtask ran
 * with, so a restore with another bundle is noticed before the first event and
 * {@link BundleChangePolicy} decides: refuse to start, naming both bundles, or re-warm.
 */
public class DeviceScoringFunction extends KeyedProcessFunction<String, SensorEvent, ScoredEvent>
        implements CheckpointedFunction {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceScoringFunction.class);
    static final String BUNDLE_IDENTITY = "bundle-identity";

    /** Late events, as dead letters with the event's JSON; counted as {@code late_events}. */
    public static final OutputTag<DeadLetter> LATE_EVENTS = new OutputTag<>("late-events") {};

    /** The model in force: the start-up bundle, or one swapped in through the control stream ({@link #useModel}). */
    private ModelBundle bundle;
    private final EventOrder order;
    private final long boundMs;
    private final int deviceWarmupEvents;
    private final BundleChangePolicy onBundleChange;
    /** {@code job.device_state_ttl} in ms; 0 = state kept for ever. */
    private final long stateTtlMs;

    private transient BundleIdentity identity;
    private transient long fingerprint;
    /** Earlier models whose device state the model in force continues (see {@link #useModel}). */
    private transient ModelLineage[] continues;
    private transient ListState<BundleIdentityState> ranWith;
    private transient DeviceScorer scorer;
    /**
     * Whether the scorer defers each event's sensor contributions to the alert function
     * ({@link DeviceScorer#deferAttribution()}): only with object reuse and chaining, when the operators chained
     * behind this one receive the scored event itself (without it Flink hands them a serialized
     * copy, and the deferred contributions, which are not data, would not cross).
     */
    private transient boolean deferAttribution;
    /**
     * Whether the operators behind this one are chained to it (the environment's operator chaining,
     * {@code pipeline.operator-chaining.enabled}): with chaining off every edge serializes, so the
     * contributions are computed at once even with object reuse.
     */
    private boolean chainedToAlerts = true;
    private transient EventJsonWriter lateEventWriter;
    private transient KeyedDeviceState device;
    private transient HeldEvents held;
    private transient Counter scored;
    private transient Counter warmingUp;
    private transient Counter imputed;
    /** A device's newest time jumping further ahead than this waits for a second event to confirm it. */
    static final long UNCONFIRMED_JUMP_MS = 60_000;

    private transient Counter late;
    private transient Counter jumpsUndone;
    private transient Counter clamped;
    private transient Counter rewarmed;
    private transient Counter expired;
    /** Devices with state in this subtask (the {@code devices_in_state} gauge); set from the keys on restore. */
    private transient long devicesInState;
    private transient Counter carriedOver;

    /** @param deviceWarmupEvents a device's first events that only build its baselines (see JobSettings) */
    public DeviceScoringFunction(ModelBundle bundle, EventOrder order, Duration outOfOrderness, int deviceWarmupEvents) {
        this(bundle, order, outOfOrderness, deviceWarmupEvents, BundleChangePolicy.FAIL);
    }

    public DeviceScoringFunction(ModelBundle bundle, EventOrder order, Duration outOfOrderness, int deviceWarmupEvents,
            BundleChangePolicy onBundleChange) {
        this(bundle, order, outOfOrderness, deviceWarmupEvents, onBundleChange, Duration.ZERO);
    }

    /** As the job graph builds it: order, bound, warm-up, bundle-change policy and state TTL from the settings. */
    public DeviceScoringFunction(ModelBundle bundle, JobSettings settings) {
        this(bundle, settings.eventOrder(), settings.outOfOrderness(), settings.deviceWarmupEvents(),
                settings.onBundleChange(), settings.deviceStateTtl());
    }

    private DeviceScoringFunction(ModelBundle bundle, EventOrder order, Duration outOfOrderness, int deviceWarmupEvents,
            BundleChangePolicy onBundleChange, Duration stateTtl) {
        this.bundle = bundle;
        this.order = order;
        this.boundMs = outOfOrderness.toMillis();
        this.deviceWarmupEvents = deviceWarmupEvents;
        this.onBundleChange = java.util.Objects.requireNonNull(onBundleChange, "onBundleChange");
        this.stateTtlMs = stateTtl.toMillis();
    }

    /**
     * Tells the function whether the alert function is chained behind it (see {@link #chainedToAlerts});
     * the graph sets it from the environment.
     */
    public DeviceScoringFunction chainedToAlerts(boolean chained) {
        this.chainedToAlerts = chained;
        return this;
    }

    /** Called by {@link DeviceScoringOperator} after a restore with the number of devices the restored state holds. */
    void restoredDevices(long devices) {
        devicesInState = devices;
    }

    /** Devices with state in this subtask. */
    long devicesInState() {
        return devicesInState;
    }

    /**
     * Scores with {@code next} from now on: a model swap through the control stream, or, before
     * {@link #initializeState}, the model a restored control state holds (the restore check then
     * compares with it). A device whose state another model built warms up again on its next event,
     * unless {@code continuing} lists that model (a swap to a bundle of the same features and
     * window without a re-warm-up): then the device keeps its window and baselines, re-expressed in
     * the new bundle's scaler ({@link DeviceStateRescaler}).
     */
    public void useModel(ModelBundle next, ModelLineage[] continuing) {
        bundle = next;
        identity = next.identity();
        fingerprint = identity.fingerprint();
        continues = continuing == null ? new ModelLineage[0] : continuing;
        if (scorer != null) {
            scorer = newScorer(next);
            lateEventWriter = new EventJsonWriter(next.features());
        }
    }

    private DeviceScorer newScorer(ModelBundle model) {
        DeviceScorer next = new DeviceScorer(model, deviceWarmupEvents);
        return deferAttribution ? next.deferAttribution() : next;
    }

    /** The model in force. */
    public ModelBundle model() {
        return bundle;
    }

    /** Before {@link #open}: compares the bundle the restored state was built with to this job's. */
    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        identity = bundle.identity();
        fingerprint = identity.fingerprint();
        ranWith = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>(BUNDLE_IDENTITY, TypeInformation.of(BundleIdentityState.class)));
        if (!context.isRestored()) {
            return;
        }
        Map<String, String> restored = new LinkedHashMap<>();
        for (BundleIdentityState previous : ranWith.get()) {
            restored.put(previous.contentHash, previous.version);
        }
        restored.remove(identity.contentHash());
        if (restored.isEmpty()) {
            return;
        }
        String previous = String.join(", ", restored.entrySet().stream()
                .map(e -> new BundleIdentity(e.getValue(), e.getKey()).describe()).toList());
        if (onBundleChange == BundleChangePolicy.FAIL) {
            throw new IllegalStateException("the restored keyed state was built with model bundle " + previous
                    + " but the job now runs bundle " + identity.describe() + ", and job.on_bundle_change is fail."
                    + " Resume with bundle " + previous + ", or set job.on_bundle_change: rewarm to re-warm every"
                    + " device with bundle " + identity.describe()
                    + " (each warms up again; its open alert resolves with resolution model_changed)");
        }
        LOG.warn("The restored keyed state was built with model bundle {}; the job runs bundle {} "
                + "(job.on_bundle_change: rewarm): each device warms up again on its next event", previous, identity.describe());
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        ranWith.update(List.of(new BundleIdentityState(identity.version(), identity.contentHash())));
    }

    @Override
    public void open(OpenContext openContext) {
        ChangelogStorageCheck.verify(getRuntimeContext());
        deferAttribution = chainedToAlerts && getRuntimeContext().isObjectReuseEnabled();
        scorer = newScorer(bundle);
        lateEventWriter = new EventJsonWriter(bundle.features());
        device = new KeyedDeviceState(getRuntimeContext());
        held = order == EventOrder.EVENT_TIME ? new HeldEvents(getRuntimeContext()) : null;
        var metrics = getRuntimeContext().getMetricGroup().addGroup("fleet_anomaly");
        scored = metrics.counter("events_scored");
        warmingUp = metrics.counter("events_warming_up");
        imputed = metrics.counter("readings_imputed");
        late = metrics.counter("late_events");
        rewarmed = metrics.counter("devices_rewarmed");
        expired = metrics.counter("devices_expired");
        jumpsUndone = metrics.counter("time_jumps_undone");
        clamped = metrics.counter("readings_clamped");
        metrics.<Long, org.apache.flink.metrics.Gauge<Long>>gauge("devices_in_state", () -> devicesInState);
        carriedOver = metrics.counter("devices_carried_over");
        if (continues == null) {
            continues = new ModelLineage[0];
        }
    }

    @Override
    public void processElement(SensorEvent event, Context ctx, Collector<ScoredEvent> out) throws Exception {
        DeviceWindowState state = loadState();
        if (!advanceNewest(state, event.ts)) {
            rejectLate(ctx, event, (state.newestTs - event.ts) + " ms older than the device's newest event at "
                    + Instant.ofEpochMilli(state.newestTs) + " (job.out_of_orderness_ms is " + boundMs + ")");
            return;
        }
        armExpiry(state, ctx);
        if (order == EventOrder.ARRIVAL) {
            score(event, out);
            device.saveWindow();
            return;
        }
        if (event.ts < state.lastScoredTs) {
            rejectLate(ctx, event, "older than the device's event at " + Instant.ofEpochMilli(state.lastScoredTs)
                    + ", already scored (job.event_order: event_time)");
            return;
        }
        held.hold(state, event);
        release(state, state.newestTs - boundMs, out);
        armTimer(state, ctx);
        device.saveWindow();
    }

    /**
     * Judges an event's time against the device's newest and moves the newest on; false when the
     * event is late. A jump of more than {@link #UNCONFIRMED_JUMP_MS} (and the bound) ahead is
     * believed once a second event confirms it (arrives within the bound of the new time); an event
     * that instead continues from the time before the jump takes the device back to that time (the
     * jump was one wrongly dated event, counted as {@code time_jumps_undone}), so one event dated
     * hours ahead cannot send every genuine event after it to the late events.
     */
    private boolean advanceNewest(DeviceWindowState state, long ts) {
        long newest = state.newestTs;
        if (newest == Long.MIN_VALUE) {
            state.newestTs = ts;
            return true;
        }
        if (ts < newest - boundMs) {
            if (state.unconfirmedJumpFrom == Long.MIN_VALUE || ts < state.unconfirmedJumpFrom - boundMs) {
                return false;
            }
            state.newestTs = Math.max(state.unconfirmedJumpFrom, ts);
            state.unconfirmedJumpFrom = Long.MIN_VALUE;
            jumpsUndone.inc();
            return true;
        }
        if (ts > newest + Math.max(boundMs, UNCONFIRMED_JUMP_MS)) {
            if (state.unconfirmedJumpFrom == Long.MIN_VALUE) {
                state.unconfirmedJumpFrom = newest;
            }
        } else if (state.unconfirmedJumpFrom != Long.MIN_VALUE) {
            state.unconfirmedJumpFrom = Long.MIN_VALUE; // within the bound of the new time: confirmed
        }
        state.newestTs = Math.max(newest, ts);
        return true;
    }

    /** EVENT_TIME backstop for a device that fell silent: the watermark is the bound past a held event. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ScoredEvent> out) throws Exception {
        DeviceWindowState state = device.load();
        if (state != null && state.bundleFingerprint != fingerprint) {
            ModelLineage earlier = ModelLineages.find(continues, state.bundleFingerprint);
            if (earlier == null) {
                state = rewarm(state);
                armTimer(state, ctx);
                armExpiry(state, ctx);
                device.saveWindow();
                return;
            }
            carryOver(state, earlier);
        }
        if (state == null) {
            return;
        }
        long watermark = ctx.timerService().currentWatermark();
        if (timestamp == state.expiryTimer) {
            state.expiryTimer = Long.MIN_VALUE;
            if (watermark == Long.MAX_VALUE) {
                // the end of a bounded input is not the device's silence: keep its state
            } else if (state.newestTs <= timestamp - stateTtlMs) {
                expire();
                return;
            } else {
                armExpiry(state, ctx);
            }
        }
        if (timestamp == state.pendingTimer) {
            state.pendingTimer = Long.MIN_VALUE;
            release(state, watermark - boundMs, out);
            armTimer(state, ctx);
        }
        device.saveWindow();
    }

    /** Clears every state of a device silent for the state TTL: should it come back, it warms up again. */
    private void expire() throws Exception {
        device.clear();
        if (held != null) {
            held.clear(null);
        }
        devicesInState--;
        expired.inc();
    }

    /**
     * One expiry timer per device, at the TTL past its newest event when armed; when it fires after
     * newer events, it is armed again from the newest (no timer is deleted or added per event).
     */
    private void armExpiry(DeviceWindowState state, Context ctx) {
        if (stateTtlMs <= 0 || state.expiryTimer != Long.MIN_VALUE) {
            return;
        }
        long at = state.newestTs > Long.MAX_VALUE - stateTtlMs ? Long.MAX_VALUE : state.newestTs + stateTtlMs;
        ctx.timerService().registerEventTimeTimer(at);
        state.expiryTimer = at;
    }

    private DeviceWindowState loadState() throws Exception {
        DeviceWindowState state = device.load();
        if (state != null && state.bundleFingerprint != fingerprint) {
            ModelLineage earlier = ModelLineages.find(continues, state.bundleFingerprint);
            return earlier == null ? rewarm(state) : carryOver(state, earlier);
        }
        if (state == null) {
            state = newState();
            devicesInState++;
        }
        return state;
    }

    private DeviceWindowState newState() {
        DeviceWindowState state = scorer.newWindowState();
        state.bundleFingerprint = fingerprint;
        device.use(state);
        return state;
    }

    /**
     * Starts the device again with this job's bundle: its state came from another one. Events it
     * held for event-time order are held again when they have this bundle's feature count, and
     * dropped (counted, logged) when they cannot be read by it.
     */
    private DeviceWindowState rewarm(DeviceWindowState old) throws Exception {
        List<SensorEvent> wereHeld = held == null ? List.of() : held.release(old, Long.MAX_VALUE);
        device.clear();
        if (held != null) {
            held.clear(null);
        }
        rewarmed.inc();
        DeviceWindowState state = newState();
        int dropped = 0;
        for (SensorEvent event : wereHeld) {
            if (event.values.length == bundle.featureCount()) {
                state.newestTs = Math.max(state.newestTs, event.ts);
                held.hold(state, event);
            } else {
                dropped++;
            }
        }
        if (dropped > 0) {
            LOG.warn("device {}: {} events held for event-time order had {} values, bundle {} reads {}: dropped on re-warm",
                    wereHeld.get(0).deviceId, dropped, wereHeld.get(0).values.length, identity.describe(),
                    bundle.featureCount());
        }
        return state;
    }

    /** A device whose state an earlier model of the same features and window built keeps it, in this model's scaler. */
    private DeviceWindowState carryOver(DeviceWindowState state, ModelLineage earlier) {
        DeviceStateRescaler rescaler = new DeviceStateRescaler(earlier.scalerMean, earlier.scalerStd,
                bundle.scaler().mean(), bundle.scaler().std());
        if (!rescaler.isIdentity()) {
            rescaler.rescale(state);
            DeviceWarmupState warmup = device.warmup();
            if (warmup != null) {
                rescaler.rescale(warmup);
                device.updateWarmup(warmup);
            }
            DeviceModelsState models = device.models();
            if (models != null) {
                rescaler.rescale(models);
                device.updateModels(models);
            }
        }
        state.principalEwma = null; // in the earlier model's principal directions: the EWMA chart starts again
        state.residualCentre = null; // and the residual subspace: the device learns its centre again
        state.residualCentreCount = 0;
        state.bundleFingerprint = fingerprint;
        carriedOver.inc();
        return state;
    }

    /** Scores the held events with timestamps up to {@code upTo}, oldest first. */
    private void release(DeviceWindowState state, long upTo, Collector<ScoredEvent> out) throws Exception {
        List<SensorEvent> due = held.release(state, upTo);
        for (SensorEvent event : due) {
            score(event, out);
        }
        if (!due.isEmpty()) {
            state.lastScoredTs = due.get(due.size() - 1).ts;
        }
    }

    /** One event-time timer per device: at the bound past its earliest held event, while it holds any. */
    private void armTimer(DeviceWindowState state, Context ctx) {
        long earliest = HeldEvents.earliest(state);
        if (earliest == Long.MAX_VALUE || state.pendingTimer != Long.MIN_VALUE) {
            return;
        }
        long at = earliest > Long.MAX_VALUE - boundMs ? Long.MAX_VALUE : earliest + boundMs;
        ctx.timerService().registerEventTimeTimer(at);
        state.pendingTimer = at;
    }

    private void score(SensorEvent event, Collector<ScoredEvent> out) {
        ScoredEvent result = scorer.score(device, event);
        result.modelVersion = bundle.version();
        if (result.warmingUp) {
            warmingUp.inc();
        } else {
            scored.inc();
        }
        if (result.clampedMask != 0) {
            clamped.inc(Long.bitCount(result.clampedMask));
        }
        if (result.imputedMask != 0) {
            imputed.inc(Long.bitCount(result.imputedMask));
        }
        out.collect(result);
    }

    private void rejectLate(Context ctx, SensorEvent event, String why) {
        late.inc();
        RawRecord record = new RawRecord();
        record.value = lateEventWriter.write(event);
        String detail = "event time " + Instant.ofEpochMilli(event.ts) + " is " + why;
        ctx.output(LATE_EVENTS, new DeadLetter(record, DeadLetterReason.LATE_EVENT, detail, System.currentTimeMillis()));
    }
}
