package io.fleetanomaly.evaluation.report;

import io.fleetanomaly.evaluation.metrics.ConfusionMatrix;
import io.fleetanomaly.evaluation.metrics.SweepRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Deterministic reports for the tests (and for the browser test, through {@link ReportFixture}):
 * synthetic scores with the curves computed from them, a sweep with known counts, and device
 * timelines, one of them long enough to be downsampled and one with a hostile id; and a report
 * of a fleet with no labeled anomaly, whose rates are mostly undefined (0/0).
 */
final class SampleReports {
    /** Device id that would end the JSON script element if it were written unescaped. */
    static final String HOSTILE_DEVICE = "pump-</script><b>x</b>&'\"\u2028";
    static final long ANOMALOUS_EVENTS = 1_000;
    static final long NORMAL_EVENTS = 9_000;
    static final double[] SWEEP_THRESHOLDS = IntStream.rangeClosed(2, 12).mapToDouble(h -> h).toArray();
    /** A missed anomaly costs 3, a false alarm 1. */
    static final CostWeights COSTS = new CostWeights(3, 1);

    private SampleReports() {
    }

    static EvaluationReport realistic() {
        Random random = new Random(7);
        List<DetectorResult> detectors = List.of(
                detector("iforest", 2.0, random),
                detector("mahalanobis", 3.0, random),
                detector("lstm_ae", 2.5, random),
                detector("fused", 4.0, random));
        SweepResult sweep = SweepResult.of("cusum.h", sweepRows(), COSTS);
        SweepRow used = sweep.rows().get(3);
        AlertResult alerts = new AlertResult(used.threshold(), used.matrix(),
                new NabScores(71.4, 63.25, 78.0), 16_600);
        List<DeviceTimeline> timelines = List.of(
                timeline("pump-0001", 600, 300, 360, random),
                timeline("pump-0002", 5_000, 3_000, 3_150, random),
                timeline(HOSTILE_DEVICE, 400, 100, 130, random));
        RunInfo run = new RunInfo("simulated industrial fleet (seed 7)", "industrial-5@2026-11-23",
                "fleet-anomaly evaluate --csv labeled.csv --out reports/eval", Instant.parse("2026-11-23T10:15:30Z"),
                50, ANOMALOUS_EVENTS + NORMAL_EVENTS, ANOMALOUS_EVENTS, 1_550);
        return new EvaluationReport(run, detectors, alerts, sweep, timelines);
    }

    /**
     * A fleet with no labeled anomaly (10 events): the alerts at h = 1..4 flag 6, 3, 1 and 0 of them.
     * Recall and MAR are undefined everywhere, precision and F1 at h = 4 (nothing flagged); F1 is 0
     * (metrics) at every row, so the best-F1 row is the highest threshold, which is also the cheapest.
     */
    static EvaluationReport undefinedRates() {
        long[] falseAlarms = {6, 3, 1, 0};
        List<SweepRow> rows = new ArrayList<>();
        for (int i = 0; i < falseAlarms.length; i++) {
            rows.add(new SweepRow(i + 1, new ConfusionMatrix(0, falseAlarms[i], 0, 10 - falseAlarms[i])));
        }
        SweepResult sweep = SweepResult.of("cusum.h", rows, COSTS);
        AlertResult alerts = new AlertResult(4, rows.get(3).matrix(),
                new NabScores(0, 0, 0), Double.NaN);
        RunInfo run = new RunInfo("healthy fleet (no labeled anomaly)", "industrial-5@2026-11-23",
                "fleet-anomaly evaluate --csv healthy.csv --out reports/healthy", Instant.parse("2026-11-23T10:15:30Z"),
                1, 10, 0, 0);
        return new EvaluationReport(run, List.of(), alerts, sweep, List.of());
    }

    /** tp(h) falls slowly and fp(h) fast with the threshold h = 2..12. */
    static List<SweepRow> sweepRows() {
        List<SweepRow> rows = new ArrayList<>();
        for (double h : SWEEP_THRESHOLDS) {
            long tp = Math.round(ANOMALOUS_EVENTS * (0.98 - 0.05 * (h - 2)));
            long fp = Math.round(1_200 * Math.exp(-(h - 2) / 2));
            rows.add(new SweepRow(h, new ConfusionMatrix(tp, fp, ANOMALOUS_EVENTS - tp, NORMAL_EVENTS - fp)));
        }
        return rows;
    }

    /** Normal scores ~ Exp(1), anomalous ~ shift + Exp(1), and the curves they give. */
    static DetectorResult detector(String name, double shift, Random random) {
        double[] normal = exponential(3_000, 0, random);
        double[] anomalous = exponential(300, shift, random);
        double threshold = 4.6;
        long tp = Arrays.stream(anomalous).filter(s -> s >= threshold).count();
        long fp = Arrays.stream(normal).filter(s -> s >= threshold).count();
        ConfusionMatrix m = new ConfusionMatrix(tp, fp, anomalous.length - tp, normal.length - fp);
        Curves c = curves(normal, anomalous);
        return new DetectorResult(name, new RocCurve(c.fpr, c.tpr, trapezoid(c.fpr, c.tpr)),
                new PrCurve(c.recall, c.precision, trapezoid(c.recall, c.precision)),
                new SweepRow(threshold, m), new ScoreSamples(normal, anomalous));
    }

    static DeviceTimeline timeline(String id, int n, int anomalyFrom, int anomalyTo, Random random) {
        long start = 1_767_225_600_000L;
        long[] ts = new long[n];
        double[] fused = new double[n];
        double[] iforest = new double[n];
        double[] mahalanobis = new double[n];
        double[] lstm = new double[n];
        int[] labels = new int[n];
        boolean[] open = new boolean[n];
        double[] cusum = new double[n];
        double s = 0;
        double h = 5;
        boolean alert = false;
        for (int i = 0; i < n; i++) {
            ts[i] = start + 1_000L * i;
            labels[i] = i >= anomalyFrom && i < anomalyTo ? 1 : 0;
            double boost = labels[i] == 1 ? 5 : 0;
            iforest[i] = -Math.log(1 - random.nextDouble()) + boost * 0.6;
            mahalanobis[i] = -Math.log(1 - random.nextDouble()) + boost * 1.2;
            lstm[i] = i < 30 ? Double.NaN : -Math.log(1 - random.nextDouble()) + boost;
            fused[i] = (iforest[i] + mahalanobis[i] + (Double.isNaN(lstm[i]) ? 1 : lstm[i])) / 3;
            s = Math.min(Math.max(0, s + Math.min(fused[i] - 1, 4) - 0.5), 30);
            if (s > h) {
                alert = true;
            } else if (s < 0.5) {
                alert = false;
            }
            open[i] = alert;
            cusum[i] = s;
        }
        Map<String, double[]> detectors = new LinkedHashMap<>();
        detectors.put("iforest", iforest);
        detectors.put("mahalanobis", mahalanobis);
        detectors.put("lstm_ae", lstm);
        return new DeviceTimeline(id, ts, fused, detectors, labels, open, cusum, h);
    }

    private static double[] exponential(int n, double shift, Random random) {
        return IntStream.range(0, n).mapToDouble(i -> shift - Math.log(1 - random.nextDouble())).toArray();
    }

    private record Curves(double[] fpr, double[] tpr, double[] recall, double[] precision) {
    }

    /** ROC and PR points, one per event by decreasing score. */
    private static Curves curves(double[] normal, double[] anomalous) {
        record Scored(double score, boolean anomalous) {
        }
        List<Scored> all = new ArrayList<>();
        Arrays.stream(normal).forEach(s -> all.add(new Scored(s, false)));
        Arrays.stream(anomalous).forEach(s -> all.add(new Scored(s, true)));
        all.sort(Comparator.comparingDouble(Scored::score).reversed());
        int n = all.size();
        double[] fpr = new double[n + 1];
        double[] tpr = new double[n + 1];
        double[] recall = new double[n];
        double[] precision = new double[n];
        int tp = 0;
        int fp = 0;
        for (int i = 0; i < n; i++) {
            if (all.get(i).anomalous()) {
                tp++;
            } else {
                fp++;
            }
            fpr[i + 1] = (double) fp / normal.length;
            tpr[i + 1] = (double) tp / anomalous.length;
            recall[i] = (double) tp / anomalous.length;
            precision[i] = (double) tp / (tp + fp);
        }
        return new Curves(fpr, tpr, recall, precision);
    }

    private static double trapezoid(double[] x, double[] y) {
        double area = 0;
        for (int i = 1; i < x.length; i++) {
            area += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2;
        }
        return area;
    }
}
