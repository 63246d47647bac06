package io.fleetanomaly.evaluation.quality;

import io.fleetanomaly.evaluation.metrics.Curves;
import io.fleetanomaly.evaluation.metrics.NabScorer;
import io.fleetanomaly.evaluation.metrics.PrPoint;
import io.fleetanomaly.evaluation.metrics.RocPoint;
import io.fleetanomaly.evaluation.report.AlertResult;
import io.fleetanomaly.evaluation.report.CostWeights;
import io.fleetanomaly.evaluation.report.DetectorResult;
import io.fleetanomaly.evaluation.report.DeviceTimeline;
import io.fleetanomaly.evaluation.report.EvaluationReport;
import io.fleetanomaly.evaluation.report.NabScores;
import io.fleetanomaly.evaluation.report.PrCurve;
import io.fleetanomaly.evaluation.report.RocCurve;
import io.fleetanomaly.evaluation.report.RunInfo;
import io.fleetanomaly.evaluation.report.ScoreSamples;
import io.fleetanomaly.evaluation.report.SweepResult;
import io.fleetanomaly.evaluation.tuning.DeviceSeries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns an {@link EvaluationResult} into the report renderer's model. */
public final class ReportModel {
    /** Curves are drawn from at most this many points (ends and corners kept). */
    static final int CURVE_POINTS = 400;

    private ReportModel() {}

    /**
     * @param timelines the devices to chart (the report embeds a chart per device: choose a few
     *     dozen at most)
     */
    public static EvaluationReport of(EvaluationResult result, RunInfo run, EvaluationOptions options,
            List<DeviceTimeline> timelines) {
        List<DetectorResult> detectors = new ArrayList<>();
        for (DetectorQuality d : result.detectors()) {
            List<RocPoint> roc = Curves.downsample(d.ranking().rocCurve(), CURVE_POINTS);
            List<PrPoint> pr = Curves.downsample(d.ranking().precisionRecallCurve(), CURVE_POINTS);
            detectors.add(new DetectorResult(d.name(),
                    new RocCurve(roc.stream().mapToDouble(RocPoint::falsePositiveRate).toArray(),
                            roc.stream().mapToDouble(RocPoint::truePositiveRate).toArray(), d.ranking().rocAuc()),
                    new PrCurve(pr.stream().mapToDouble(PrPoint::recall).toArray(),
                            pr.stream().mapToDouble(PrPoint::precision).toArray(), d.ranking().averagePrecision()),
                    d.bestF1(),
                    new ScoreSamples(d.normalScores(), d.anomalousScores())));
        }
        AlertOutcome alerts = result.alerts();
        NabScorer.Result nab = alerts.nab();
        AlertResult alertResult = new AlertResult(alerts.h(), alerts.confusion(),
                new NabScores(nab.normalized(NabScorer.Profile.STANDARD), nab.normalized(NabScorer.Profile.REWARD_LOW_FP),
                        nab.normalized(NabScorer.Profile.REWARD_LOW_FN)),
                alerts.delay().meanDelayMs());
        SweepResult sweep = SweepResult.of("CUSUM h", alerts.hSweep(),
                new CostWeights(options.costMissed(), options.costFalseAlarm()));
        return new EvaluationReport(run, detectors, alertResult, sweep, timelines);
    }

    /** A device's chart data: its scores, labels (unknown as 0), alert flags and CUSUM. */
    public static DeviceTimeline timeline(DeviceSeries device, String[] detectorNames, double[] cusum, double h) {
        int n = device.size();
        long[] ts = new long[n];
        int[] labels = new int[n];
        Map<String, double[]> scores = new LinkedHashMap<>();
        for (String name : detectorNames) {
            scores.put(name, new double[n]);
        }
        for (int i = 0; i < n; i++) {
            ts[i] = device.ts(i);
            labels[i] = device.label(i) == 1 ? 1 : 0;
            double[] s = device.detectorScores(i);
            for (int k = 0; k < detectorNames.length; k++) {
                scores.get(detectorNames[k])[i] = s == null ? Double.NaN : s[k];
            }
        }
        double[] fused = device.recordedFusedScores().clone();
        for (int i = 0; i < n; i++) {
            if (device.warmingUp(i)) {
                fused[i] = Double.NaN;
            }
        }
        return new DeviceTimeline(device.deviceId(), ts, fused, scores, labels, device.recordedAlertOpen(), cusum, h);
    }
}
