package io.fleetanomaly.evaluation.quality;

import io.fleetanomaly.evaluation.metrics.AnomalyWindow;
import io.fleetanomaly.evaluation.metrics.AnomalyWindows;
import io.fleetanomaly.evaluation.metrics.ConfusionMatrix;
import io.fleetanomaly.evaluation.metrics.DetectionDelay;
import io.fleetanomaly.evaluation.metrics.EventTimeline;
import io.fleetanomaly.evaluation.metrics.NabScorer;
import io.fleetanomaly.evaluation.metrics.RankingMetrics;
import io.fleetanomaly.evaluation.metrics.SweepRow;
import io.fleetanomaly.evaluation.metrics.ThresholdSweep;
import io.fleetanomaly.evaluation.tuning.CusumSweep;
import io.fleetanomaly.evaluation.tuning.DeviceSeries;
import io.fleetanomaly.evaluation.tuning.FleetScores;
import io.fleetanomaly.evaluation.tuning.SettingsRow;
import io.fleetanomaly.evaluation.tuning.TuningOptions;
import io.fleetanomaly.alerting.AlertSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.DoubleStream;

/**
 * Scores a labeled replay: every detector's per-event score and the fused score against the labels,
 * and the job's alert output (confusion, NAB, delays, the h sweep replayed with the job's CUSUM).
 */
public final class ReplayEvaluation {
    /** The name of the fused score among the detectors. */
    public static final String FUSED = "fused";

    private ReplayEvaluation() {}

    /**
     * @param devices each device's replayed events, with the job's alert flags recorded
     * @param changepoints labeled changepoints (epoch ms, ascending) per device; a device without
     *     any uses the starts of its labeled anomalies
     * @param detectorNames the bundle's detectors, in the order of the events' scores
     * @param alerting the alert settings the replay ran with
     */
    public static EvaluationResult evaluate(List<DeviceSeries> devices, Map<String, long[]> changepoints,
            String[] detectorNames, AlertSettings alerting, EvaluationOptions options) {
        long counted = 0;
        long anomalous = 0;
        long warmup = 0;
        for (DeviceSeries d : devices) {
            counted += d.countedEvents();
            anomalous += d.countedPositives();
            for (int i = 0; i < d.size(); i++) {
                warmup += d.warmingUp(i) ? 1 : 0;
            }
        }
        List<DetectorQuality> detectors = new ArrayList<>();
        for (int k = 0; k < detectorNames.length; k++) {
            detectors.add(detectorQuality(detectorNames[k], devices, k, options));
        }
        detectors.add(detectorQuality(FUSED, devices, -1, options));
        return new EvaluationResult(devices.size(), counted, anomalous, warmup, List.copyOf(detectors),
                alertOutcome(devices, changepoints, alerting, options));
    }

    /** {@code detector} -1 = the recorded fused score. Events without a finite score are left out. */
    private static DetectorQuality detectorQuality(String name, List<DeviceSeries> devices, int detector,
            EvaluationOptions options) {
        DoubleStream.Builder scores = DoubleStream.builder();
        List<Boolean> labels = new ArrayList<>();
        for (DeviceSeries d : devices) {
            double[] fused = d.recordedFusedScores();
            for (int i = 0; i < d.size(); i++) {
                if (!d.counted(i)) {
                    continue;
                }
                double score = detector < 0 ? fused[i] : d.detectorScores(i)[detector];
                if (Double.isFinite(score)) {
                    scores.add(score);
                    labels.add(d.label(i) == 1);
                }
            }
        }
        double[] s = scores.build().toArray();
        boolean[] l = new boolean[labels.size()];
        for (int i = 0; i < l.length; i++) {
            l[i] = labels.get(i);
        }
        if (s.length == 0) {
            throw new IllegalArgumentException("no scored, labeled events with a " + name + " score");
        }
        RankingMetrics ranking = RankingMetrics.of(s, l);
        SweepRow best = ThresholdSweep.bestF1(ThresholdSweep.sweep(s, l, options.scoreThresholds())).orElseThrow();
        DoubleStream.Builder normal = DoubleStream.builder();
        DoubleStream.Builder anomalous = DoubleStream.builder();
        for (int i = 0; i < s.length; i++) {
            (l[i] ? anomalous : normal).add(s[i]);
        }
        return new DetectorQuality(name, ranking, best, normal.build().toArray(), anomalous.build().toArray());
    }

    private static AlertOutcome alertOutcome(List<DeviceSeries> devices, Map<String, long[]> changepoints,
            AlertSettings alerting, EvaluationOptions options) {
        List<EventTimeline> timelines = new ArrayList<>();
        List<NabScorer.Timeline> nabTimelines = new ArrayList<>();
        ConfusionMatrix.Counter confusion = new ConfusionMatrix.Counter();
        for (DeviceSeries d : devices) {
            boolean[] open = d.recordedAlertOpen();
            EventTimeline timeline = d.timeline(open);
            timelines.add(timeline);
            for (int i = 0; i < timeline.size(); i++) {
                confusion.add(timeline.labels()[i], timeline.predicted()[i]);
            }
            long[] cps = changepoints.getOrDefault(d.deviceId(), timeline.changepoints());
            List<AnomalyWindow> windows = merged(AnomalyWindows.aroundChangepoints(
                    inside(cps, timeline.timestamps()), options.nabWindow().toMillis(), options.nabPlacement()));
            nabTimelines.add(NabScorer.Timeline.of(timeline, windows));
        }
        // Warm-up is already left out of the timelines, so NAB's probation period is not applied again.
        NabScorer.Result nab = NabScorer.numenta(0).score(nabTimelines);
        DetectionDelay.Result delay = new DetectionDelay(options.grace().toMillis()).measure(timelines);

        List<SettingsRow> rows = CusumSweep.sweep(FleetScores.recorded(devices), TuningOptions.defaults(alerting).grid());
        List<SweepRow> hSweep = rows.stream().map(SettingsRow::toSweepRow).toList();
        SweepRow bestF1 = ThresholdSweep.bestF1(hSweep).orElseThrow();
        SweepRow minCost = ThresholdSweep.minCost(hSweep, options.costMissed(), options.costFalseAlarm()).orElseThrow();
        return new AlertOutcome(alerting.h(), confusion.toMatrix(), nab, delay, hSweep, bestF1, minCost);
    }

    /** Windows that touch or overlap become one, as NAB merges them (changepoints closer than the width). */
    static List<AnomalyWindow> merged(List<AnomalyWindow> windows) {
        List<AnomalyWindow> out = new ArrayList<>();
        for (AnomalyWindow w : windows) {
            AnomalyWindow last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && w.start() <= last.end()) {
                out.set(out.size() - 1, new AnomalyWindow(last.start(), Math.max(last.end(), w.end())));
            } else {
                out.add(w);
            }
        }
        return out;
    }

    /** The changepoints within the scored part of a timeline (those in the warm-up cannot be detected). */
    private static long[] inside(long[] changepoints, long[] timestamps) {
        if (timestamps.length == 0) {
            return new long[0];
        }
        long first = timestamps[0];
        long last = timestamps[timestamps.length - 1];
        return Arrays.stream(changepoints).filter(cp -> cp >= first && cp <= last).toArray();
    }
}
