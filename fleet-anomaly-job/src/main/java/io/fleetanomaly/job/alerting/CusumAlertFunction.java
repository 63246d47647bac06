package io.fleetanomaly.job.alerting;

import io.fleetanomaly.bundle.BundleIdentity;
import io.fleetanomaly.events.Alert;
import io.fleetanomaly.events.AlertResolution;
import io.fleetanomaly.events.AlertStatus;
import io.fleetanomaly.events.ScoredEvent;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import io.fleetanomaly.alerting.AlertSettings;
import io.fleetanomaly.alerting.CusumDetector;
import io.fleetanomaly.state.CusumState;
import io.fleetanomaly.alerting.TopSensors;
import io.fleetanomaly.control.AlertingOverrides;
import io.fleetanomaly.control.ModelLineage;
/**
 * Per-device CUSUM alerting, keyed by device id: emits OPEN, UPDATE and RESOLVED {@link Alert}s
 * (see {@link CusumDetector} for the rules) and, when enabled, every input event on
 * {@link #SCORES} with its CUSUM value and open alert id.
 *
 * <p>Events with {@code warmingUp} set do not touch the CUSUM. All keyed state is one
 * {@link CusumState} per device; event-time timers (at most two per device) resolve the alert of
 * a silent device and clear the state of a device silent for the state TTL (see {@link #onTimer}).
 *
 * <p>With a control stream, an {@link ScoredEvent#announcement} ahead of the events of another
 * model or other alerting overrides switches them: each device then runs with its most specific
 * device-prefix overrides over the model's alerting parameters, alerts name the version that scored
 * their event, and a device's CUSUM state carries over from a model the announced one continues
 * (same features and window, no re-warm-up), else starts again as after a restore with another bundle.
 */
public class CusumAlertFunction extends KeyedProcessFunction<String, ScoredEvent, Alert> implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    /** Every input event with {@code cusum} and {@code openAlertId} filled in (when emitScores). */
    public static final OutputTag<ScoredEvent> SCORES =
            new OutputTag<>("scores", TypeInformation.of(ScoredEvent.class));

    /** Name of the keyed state; keep it stable so savepoints restore. */
    static final String STATE_NAME = "cusum-state";

    private final AlertSettings settings;
    private final String[] detectorNames;
    private final double[] detectorWeights;
    private final String[] featureNames;
    private final String modelVersion;
    /** {@link BundleIdentity#fingerprint()} of the bundle whose scores this function watches; 0 = not tracked. */
    private final long bundleFingerprint;
    private final boolean emitScores;
    /** {@code job.device_idle_timeout} in ms; 0 = never. */
    private final long idleTimeoutMs;
    /** {@code job.device_state_ttl} in ms; 0 = for ever. */
    private final long stateTtlMs;

    /** Newest event time this subtask has seen, of any device (not state: it only serves the end of a bounded input). */
    private transient long newestSeen = Long.MIN_VALUE;
    /** The model in force: the start-up model's, then each announced one's. */
    private transient AlertModel model;
    private transient Counter nonFiniteScores;
    private transient ValueState<CusumState> state;
    private transient AlertMetrics metrics;

    /**
     * @param detectorNames detector names in the order of {@link ScoredEvent#detectorScores}
     * @param detectorWeights fusion weights, aligned with detectorNames
     * @param featureNames sensor names in the order of {@link ScoredEvent#sensorContributions}
     * @param emitScores whether to emit every event on {@link #SCORES}
     */
    public CusumAlertFunction(
            AlertSettings settings,
            String[] detectorNames,
            double[] detectorWeights,
            String[] featureNames,
            String modelVersion,
            boolean emitScores) {
        this(settings, detectorNames, detectorWeights, featureNames, modelVersion, 0L, emitScores, 0L, 0L);
    }

    /**
     * With the identity of the bundle whose scores arrive: a device whose CUSUM state another bundle's
     * scores built starts again (after a restore with {@code job.on_bundle_change: rewarm}), and an
     * alert it had open is RESOLVED with resolution {@code model_changed}.
     */
    public CusumAlertFunction(
            AlertSettings settings,
            String[] detectorNames,
            double[] detectorWeights,
            String[] featureNames,
            BundleIdentity bundle,
            boolean emitScores) {
        this(settings, detectorNames, detectorWeights, featureNames, bundle, emitScores, Duration.ZERO, Duration.ZERO);
    }

    /**
     * And with silent devices handled: an alert of a device silent for {@code idleTimeout} of event
     * time is RESOLVED with resolution {@code device_silent}; the state of a device silent for
     * {@code stateTtl} is cleared (zero: never, for either).
     */
    public CusumAlertFunction(
            AlertSettings settings,
            String[] detectorNames,
            double[] detectorWeights,
            String[] featureNames,
            BundleIdentity bundle,
            boolean emitScores,
            Duration idleTimeout,
            Duration stateTtl) {
        this(settings, detectorNames, detectorWeights, featureNames, bundle.version(), bundle.fingerprint(), emitScores,
                idleTimeout.toMillis(), stateTtl.toMillis());
    }

    private CusumAlertFunction(
            AlertSettings settings,
            String[] detectorNames,
            double[] detectorWeights,
            String[] featureNames,
            String modelVersion,
            long bundleFingerprint,
            boolean emitScores,
            long idleTimeoutMs,
            long stateTtlMs) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(detectorNames, "detectorNames");
        Objects.requireNonNull(detectorWeights, "detectorWeights");
        Objects.requireNonNull(featureNames, "featureNames");
        if (detectorNames.length != detectorWeights.length) {
            throw new IllegalArgumentException("detectorNames has " + detectorNames.length
                    + " entries but detectorWeights has " + detectorWeights.length);
        }
        this.settings = settings;
        this.detectorNames = detectorNames.clone();
        this.detectorWeights = detectorWeights.clone();
        this.featureNames = featureNames.clone();
        this.modelVersion = Objects.requireNonNull(modelVersion, "modelVersion");
        this.bundleFingerprint = bundleFingerprint;
        this.emitScores = emitScores;
        this.idleTimeoutMs = idleTimeoutMs;
        this.stateTtlMs = stateTtlMs;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        metrics = new AlertMetrics(context.getOperatorStateStore());
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        metrics.snapshot();
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        if (metrics == null) {
            metrics = new AlertMetrics(null);
        }
        metrics.register(getRuntimeContext().getMetricGroup());
        model = new AlertModel(settings, detectorNames, detectorWeights, featureNames, modelVersion, bundleFingerprint,
                AlertingOverrides.none(), new ModelLineage[0]);
        // the CUSUM skips a score that is not a number; counted, so a device blinded by NaN scores shows
        nonFiniteScores = getRuntimeContext().getMetricGroup().addGroup("fleet_anomaly").counter("scores_non_finite");
        state = getRuntimeContext().getState(
                new ValueStateDescriptor<>(STATE_NAME, TypeInformation.of(CusumState.class)));
    }

    @Override
    public void processElement(ScoredEvent event, Context ctx, Collector<Alert> out) throws Exception {
        if (event.isAnnouncement()) {
            model = AlertModel.of(event.announcement);
            return;
        }
        if (event.modelVersion != null && !event.modelVersion.equals(model.version)) {
            throw new IllegalStateException("an event of " + event.deviceId + " scored by model " + event.modelVersion
                    + " reached the alert operator running model " + model.version + " without an announcement");
        }
        String deviceId = ctx.getCurrentKey();
        newestSeen = Math.max(newestSeen, event.ts);
        CusumDetector detector = model.detectorFor(deviceId);
        CusumState current = state.value();
        if (current != null && current.bundleFingerprint != model.fingerprint && model.continuesFrom(current.bundleFingerprint)) {
            // an earlier model of the same features and window (swapped without re-warm-up): the baseline carries over
            current.bundleFingerprint = model.fingerprint;
        }
        if (current != null && current.bundleFingerprint != model.fingerprint) {
            // built from another bundle's scores: close what it had open, start the device again
            if (current.alertOpen) {
                emit(toAlert(detector, AlertStatus.RESOLVED, deviceId, event, current, AlertResolution.MODEL_CHANGED), out);
            }
            state.clear();
            current = null;
        }
        if (!event.warmingUp) {
            if (current == null) {
                current = detector.newState();
                current.bundleFingerprint = model.fingerprint;
            }
            if (!Double.isFinite(event.fusedScore)) {
                nonFiniteScores.inc();
            }
            // contributions (deferred by the scoring) are computed only for an event that opens or continues an alert
            AlertStatus status = detector.observeDeferred(current, event.ts, event.fusedScore, event.belowNormalMask, event,
                    ScoredEvent::contributions);
            current.lastEventTs = Math.max(current.lastEventTs, event.ts);
            armTimers(current, ctx);
            state.update(current);
            if (status != null) {
                AlertResolution resolution = status != AlertStatus.RESOLVED ? null
                        : current.resolvedByRecovery ? AlertResolution.SETTLED_AT_NEW_LEVEL
                        : AlertResolution.RETURNED_TO_BASELINE;
                emit(toAlert(detector, status, deviceId, event, current, resolution), out);
            }
        }
        if (emitScores) {
            ctx.output(SCORES, withAlertInfo(event, deviceId, current, model, detector));
        }
        // the last reader of the event: the scorer need not keep a copy of its input for the contributions
        event.discardContributions();
    }

    /**
     * Silent devices, in event time: the idle timer resolves an alert still open {@code idleTimeout}
     * after the device's newest event; the expiry timer clears the state {@code stateTtl} after it.
     * A timer that fires after newer events is armed again from the newest (no timer per event).
     * The end of a bounded input (watermark at its maximum) is not silence by itself: then only a
     * timer whose time the events of the rest of the fleet reached counts, so a bounded run
     * (embedded, replay) resolves the same alerts however its periodic watermarks fell.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        CusumState current = state.value();
        if (current == null || (ctx.timerService().currentWatermark() == Long.MAX_VALUE && timestamp > newestSeen)) {
            return;
        }
        if (timestamp == current.expiryTimer) {
            current.expiryTimer = Long.MIN_VALUE;
            if (current.lastEventTs <= timestamp - stateTtlMs) {
                if (current.alertOpen) { // only when no idle timeout resolved it first
                    resolveSilent(ctx.getCurrentKey(), current, timestamp, out);
                }
                state.clear();
                return;
            }
        }
        if (timestamp == current.idleTimer) {
            current.idleTimer = Long.MIN_VALUE;
            long silentSince = current.lastEventTs;
            if (current.alertOpen && silentSince <= timestamp - idleTimeoutMs) {
                resolveSilent(ctx.getCurrentKey(), current, silentSince + idleTimeoutMs, out);
            }
        }
        armTimers(current, ctx);
        state.update(current);
    }

    private void resolveSilent(String deviceId, CusumState current, long ts, Collector<Alert> out) {
        CusumDetector detector = model.detectorFor(deviceId);
        detector.resolveSilent(current, ts);
        emit(toAlert(detector, AlertStatus.RESOLVED, deviceId, ts, 0.0, null, model.version, current,
                AlertResolution.DEVICE_SILENT), out);
    }

    /** Every alert record leaves through here, so the alert metrics count it whichever model is in force. */
    private void emit(Alert alert, Collector<Alert> out) {
        metrics.emitted(alert, System.currentTimeMillis());
        out.collect(alert);
    }

    private void armTimers(CusumState current, Context ctx) {
        if (idleTimeoutMs > 0 && current.alertOpen && current.idleTimer == Long.MIN_VALUE) {
            current.idleTimer = saturatedAdd(current.lastEventTs, idleTimeoutMs);
            ctx.timerService().registerEventTimeTimer(current.idleTimer);
        }
        if (stateTtlMs > 0 && current.expiryTimer == Long.MIN_VALUE) {
            current.expiryTimer = saturatedAdd(current.lastEventTs, stateTtlMs);
            ctx.timerService().registerEventTimeTimer(current.expiryTimer);
        }
    }

    private static long saturatedAdd(long a, long b) {
        return a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
    }

    /** @param resolution why a RESOLVED record resolved (null for OPEN and UPDATE) */
    private Alert toAlert(CusumDetector detector, AlertStatus status, String deviceId, ScoredEvent event, CusumState s,
            AlertResolution resolution) {
        return toAlert(detector, status, deviceId, event.ts, event.fusedScore, event.detectorScores,
                event.modelVersion != null ? event.modelVersion : model.version, s, resolution);
    }

    /**
     * @param scoredBy the version of the model that scored the event behind the record (the model in
     *     force when no event is behind it)
     * @param resolution why a RESOLVED record resolved (null for OPEN and UPDATE)
     */
    private Alert toAlert(CusumDetector detector, AlertStatus status, String deviceId, long ts, double score,
            double[] detectorScores, String scoredBy, CusumState s, AlertResolution resolution) {
        Alert alert = new Alert();
        alert.alertId = CusumDetector.alertId(deviceId, s.openedAt);
        alert.deviceId = deviceId;
        alert.status = status;
        alert.severityScore = detector.severityScore(s);
        alert.severity = detector.severity(s);
        alert.openedAt = s.openedAt;
        alert.ts = ts;
        alert.score = score;
        alert.cusum = s.cusum;
        alert.threshold = detector.settings().h();
        alert.detectorNames = model.detectorNames.clone();
        // no scored event behind a device_silent record, nor behind a model_changed one on a warm-up event: zeros
        alert.detectorScores = detectorScores == null ? new double[model.detectorNames.length] : detectorScores.clone();
        alert.detectorWeights = model.detectorWeights.clone();
        if (s.sensorContributionTotals != null && s.sensorContributionTotals.length == model.featureNames.length) {
            TopSensors top = detector.topSensors(s);
            alert.topSensorNames = top.names(model.featureNames);
            alert.topSensorContributions = top.shares();
        } else { // an episode of another bundle's sensors (closed with model_changed): their names are unknown here
            alert.topSensorNames = new String[0];
            alert.topSensorContributions = new double[0];
        }
        alert.modelVersion = scoredBy;
        if (status == AlertStatus.RESOLVED) {
            // Arrival order is not event-time order, so a late event could resolve "before" it opened.
            alert.durationMs = Math.max(0L, ts - s.openedAt);
            alert.peakScore = s.peakScore;
            alert.peakSeverity = detector.peakSeverity(s);
            alert.resolution = resolution;
        }
        return alert;
    }

    /** @param detector the device's detector in {@code model} */
    private static ScoredEvent withAlertInfo(ScoredEvent event, String deviceId, CusumState s, AlertModel model,
            CusumDetector detector) {
        ScoredEvent copy = new ScoredEvent();
        copy.deviceId = event.deviceId;
        copy.ts = event.ts;
        copy.label = event.label;
        copy.anomalyType = event.anomalyType;
        copy.warmingUp = event.warmingUp;
        copy.imputedMask = event.imputedMask;
        copy.clampedMask = event.clampedMask;
        copy.belowNormalMask = event.belowNormalMask;
        copy.fusedScore = event.fusedScore;
        copy.detectorScores = event.detectorScores;
        copy.sensorContributions = event.contributions();
        copy.modelVersion = event.modelVersion != null ? event.modelVersion : model.version;
        copy.detectorNames = model.detectorNames;
        copy.featureNames = model.featureNames;
        copy.cusum = s == null ? 0.0 : s.cusum;
        copy.openAlertId = s != null && s.alertOpen ? CusumDetector.alertId(deviceId, s.openedAt) : null;
        copy.severityScore = s != null && s.alertOpen ? detector.severityScore(s) : 0.0;
        return copy;
    }
}
