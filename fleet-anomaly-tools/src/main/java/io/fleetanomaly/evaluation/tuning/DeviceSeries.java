package io.fleetanomaly.evaluation.tuning;

import io.fleetanomaly.evaluation.metrics.EventTimeline;
import io.fleetanomaly.evaluation.replay.ReplayRecord;
import io.fleetanomaly.events.SensorEvent;
import io.fleetanomaly.fusion.ScoreFusion;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One device's events of a labeled replay, in the order the job processed them (its arrival order
 * per device, which the CUSUM follows), column by column. Built from {@link ReplayRecord}s with
 * {@link #of} or {@link #byDevice}; immutable.
 *
 * <p>Warm-up events are kept (so a series lines up with the job's per-event output) but never touch
 * the CUSUM and are never counted; unlabeled events drive the CUSUM but are not counted.
 */
public final class DeviceSeries {
    private final String deviceId;
    private final long[] ts;
    private final int[] labels;
    private final boolean[] warmingUp;
    /** [event][detector]; null rows for warm-up events without scores. */
    private final double[][] detectorScores;
    private final double[] fusedScores;
    /** The job's alert flag per event. */
    private final boolean[] recordedAlertOpen;
    /**
     * What the return rule reads, per event: the sensor contributions ([event][sensor], null rows for
     * warm-up events) and the side of each sensor's deviation; both null when the records do not
     * carry them (see {@link #hasSensorSides()}).
     */
    private final double[][] sensorContributions;
    private final long[] belowNormalMask;
    private final int sensorCount;
    private final int detectorCount;
    private final int countedEvents;
    private final int countedPositives;

    private DeviceSeries(String deviceId, List<ReplayRecord> events) {
        this.deviceId = deviceId;
        int n = events.size();
        ts = new long[n];
        labels = new int[n];
        warmingUp = new boolean[n];
        detectorScores = new double[n][];
        fusedScores = new double[n];
        boolean[] recorded = new boolean[n];
        double[][] contributions = new double[n][];
        long[] below = new long[n];
        boolean sides = true;
        int sensors = -1;
        int detectors = -1;
        int counted = 0;
        int positives = 0;
        for (int i = 0; i < n; i++) {
            ReplayRecord e = events.get(i);
            if (!deviceId.equals(e.deviceId())) {
                throw new IllegalArgumentException("series of device " + deviceId + " got an event of " + e.deviceId());
            }
            ts[i] = e.ts();
            labels[i] = e.label();
            warmingUp[i] = e.warmingUp();
            fusedScores[i] = e.fusedScore();
            if (e.detectorScores() != null && !e.warmingUp()) {
                if (detectors < 0) {
                    detectors = e.detectorScores().length;
                } else if (e.detectorScores().length != detectors) {
                    throw new IllegalArgumentException("device " + deviceId + ": event " + i + " has "
                            + e.detectorScores().length + " detector scores, earlier events " + detectors);
                }
                detectorScores[i] = e.detectorScores().clone();
            }
            recorded[i] = e.alertOpen();
            if (!e.warmingUp()) {
                double[] shares = e.sensorContributions();
                if (shares == null) {
                    sides = false;
                } else if (sensors < 0) {
                    sensors = shares.length;
                } else if (shares.length != sensors) {
                    throw new IllegalArgumentException("device " + deviceId + ": event " + i + " has " + shares.length
                            + " sensor contributions, earlier events " + sensors);
                }
                contributions[i] = shares == null ? null : shares.clone();
                below[i] = e.belowNormalMask();
            }
            if (e.counted()) {
                counted++;
                if (e.label() == 1) {
                    positives++;
                }
            }
        }
        this.detectorCount = detectors;
        this.recordedAlertOpen = recorded;
        this.sensorContributions = sides ? contributions : null;
        this.belowNormalMask = sides ? below : null;
        this.sensorCount = sides ? Math.max(sensors, 0) : 0;
        this.countedEvents = counted;
        this.countedPositives = positives;
    }

    /** One device's events, in processing order. */
    public static DeviceSeries of(String deviceId, List<ReplayRecord> events) {
        Objects.requireNonNull(deviceId, "deviceId");
        return new DeviceSeries(deviceId, events);
    }

    /**
     * Groups events by device, keeping each device's events in the order given (so the input may
     * interleave devices, as the job's output does). Devices come in order of first appearance.
     */
    public static List<DeviceSeries> byDevice(Iterable<ReplayRecord> events) {
        Map<String, List<ReplayRecord>> grouped = new LinkedHashMap<>();
        for (ReplayRecord e : events) {
            grouped.computeIfAbsent(e.deviceId(), id -> new ArrayList<>()).add(e);
        }
        List<DeviceSeries> series = new ArrayList<>(grouped.size());
        grouped.forEach((id, list) -> series.add(new DeviceSeries(id, list)));
        return Collections.unmodifiableList(series);
    }

    public String deviceId() {
        return deviceId;
    }

    /** Events, warm-up included. */
    public int size() {
        return ts.length;
    }

    /** Detector scores per scored event, or -1 when the device has no scored event. */
    public int detectorCount() {
        return detectorCount;
    }

    /**
     * Whether every scored event carries its sensor contributions and sides, so the alerting's return
     * rule can be replayed over this series (the replay refuses settings with a return horizon otherwise).
     */
    public boolean hasSensorSides() {
        return sensorContributions != null;
    }

    /** Sensor contributions per scored event when {@link #hasSensorSides()}, else 0. */
    public int sensorCount() {
        return sensorCount;
    }

    /** Scored (not warming up), labeled events: the ones confusion matrices count. */
    public int countedEvents() {
        return countedEvents;
    }

    /** Counted events labeled anomalous. */
    public int countedPositives() {
        return countedPositives;
    }

    public long ts(int event) {
        return ts[event];
    }

    public int label(int event) {
        return labels[event];
    }

    public boolean warmingUp(int event) {
        return warmingUp[event];
    }

    /** Whether the event counts: scored and labeled. */
    public boolean counted(int event) {
        return !warmingUp[event] && labels[event] != SensorEvent.LABEL_UNKNOWN;
    }

    /** A copy of the event's calibrated detector scores, or null for a warm-up event. */
    public double[] detectorScores(int event) {
        return detectorScores[event] == null ? null : detectorScores[event].clone();
    }

    /** The fused scores the job computed (the bundle's current weights), one per event. */
    public double[] recordedFusedScores() {
        return fusedScores.clone();
    }

    /** The job's alert flag per event: whether the device had an alert open after it. */
    public boolean[] recordedAlertOpen() {
        return recordedAlertOpen.clone();
    }

    /**
     * Fused scores recomputed from the detector scores with {@code fusion} ({@link ScoreFusion#fuse},
     * the job's arithmetic). Warm-up events keep their recorded value (the CUSUM ignores them).
     */
    public double[] fusedScores(ScoreFusion fusion) {
        if (detectorCount >= 0 && fusion.detectors() != detectorCount) {
            throw new IllegalArgumentException("device " + deviceId + " has " + detectorCount
                    + " detector scores per event but the weights are for " + fusion.detectors());
        }
        double[] fused = new double[ts.length];
        for (int i = 0; i < fused.length; i++) {
            fused[i] = detectorScores[i] == null ? fusedScores[i] : fusion.fuse(detectorScores[i]);
        }
        return fused;
    }

    /**
     * The counted events (scored, labeled) as a timeline for the metrics package (detection delay,
     * NAB), with {@code alertOpen} (one flag per event of this series) as the predictions.
     */
    public EventTimeline timeline(boolean[] alertOpen) {
        if (alertOpen.length != ts.length) {
            throw new IllegalArgumentException("device " + deviceId + " has " + ts.length + " events but "
                    + alertOpen.length + " alert flags");
        }
        long[] t = new long[countedEvents];
        boolean[] label = new boolean[countedEvents];
        boolean[] predicted = new boolean[countedEvents];
        for (int i = 0, j = 0; i < ts.length; i++) {
            if (counted(i)) {
                // an event scored a little behind its device's newest time (a clock that stepped back
                // within the out-of-orderness bound) counts at that newest time: time only grows here
                t[j] = j == 0 ? ts[i] : Math.max(ts[i], t[j - 1]);
                label[j] = labels[i] == 1;
                predicted[j] = alertOpen[i];
                j++;
            }
        }
        return EventTimeline.ofPredictions(deviceId, t, label, predicted);
    }

    // Raw columns for the replay's inner loop (same package, never modified).

    long[] tsColumn() {
        return ts;
    }

    int[] labelColumn() {
        return labels;
    }

    boolean[] warmingUpColumn() {
        return warmingUp;
    }

    /** [event][sensor], null rows for warm-up events; null when not {@link #hasSensorSides()}. */
    double[][] sensorContributionsColumn() {
        return sensorContributions;
    }

    /** Null when not {@link #hasSensorSides()}. */
    long[] belowNormalMaskColumn() {
        return belowNormalMask;
    }

    @Override
    public String toString() {
        return "DeviceSeries{" + deviceId + ", events=" + ts.length + ", counted=" + countedEvents
                + ", anomalous=" + countedPositives + "}";
    }
}
