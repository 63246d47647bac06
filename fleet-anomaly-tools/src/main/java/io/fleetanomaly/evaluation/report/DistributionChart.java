package io.fleetanomaly.evaluation.report;

import java.awt.Color;
import java.util.Arrays;
import java.util.stream.DoubleStream;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

/**
 * One detector's score distribution on normal and on anomalous events (each a density, so both
 * show whatever their counts), with the detector's threshold as a vertical line. The x range
 * ends at the 99.5th percentile of all samples (or the threshold, if higher) so a long tail does
 * not squash the bulk; the axis title says how many values lie beyond.
 */
final class DistributionChart {
    private static final int WIDTH = 560;
    private static final int HEIGHT = 360;
    private static final int BINS = 60;
    private static final Color NORMAL = new Color(31, 119, 180, 110);
    private static final Color ANOMALOUS = new Color(214, 39, 40, 110);

    private DistributionChart() {
    }

    static XYChart of(DetectorResult detector) {
        ScoreSamples samples = detector.scores();
        double threshold = detector.atThreshold().threshold();
        double[] all = DoubleStream.concat(Arrays.stream(samples.normal()), Arrays.stream(samples.anomalous()))
                .filter(Double::isFinite).toArray();
        double lo = Arrays.stream(all).min().orElse(0);
        double hi = Histogram.quantile(all, 0.995);
        if (Double.isFinite(threshold)) {
            lo = Math.min(lo, threshold);
            hi = Double.isNaN(hi) ? threshold : Math.max(hi, threshold);
        }
        if (Double.isNaN(hi)) {
            hi = 1;
        }
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        Histogram normal = Histogram.of(samples.normal(), lo, hi, BINS);
        Histogram anomalous = Histogram.of(samples.anomalous(), lo, hi, BINS);
        int beyond = normal.beyond() + anomalous.beyond();
        String xTitle = detector.name() + " score"
                + (beyond > 0 ? "  (" + beyond + " values above " + Formats.threshold(hi) + " not shown)" : "");
        XYChart chart = ChartStyle.xyChart(WIDTH, HEIGHT, detector.name() + ": score distribution",
                xTitle, "density");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisMin(lo);
        chart.getStyler().setXAxisMax(hi);
        chart.getStyler().setYAxisMin(0.0);
        double top = Math.max(normal.maxDensity(), anomalous.maxDensity());
        top = top > 0 ? top * 1.08 : 1;
        chart.getStyler().setYAxisMax(top);
        ChartStyle.filledArea(chart, "normal (n=" + Formats.count(samples.normal().length) + ")",
                normal.outlineX(), normal.outlineY(), NORMAL);
        ChartStyle.filledArea(chart, "anomalous (n=" + Formats.count(samples.anomalous().length) + ")",
                anomalous.outlineX(), anomalous.outlineY(), ANOMALOUS);
        if (Double.isFinite(threshold)) {
            ChartStyle.line(chart, "threshold " + Formats.threshold(threshold),
                    new double[] {threshold, threshold}, new double[] {0, top}, ChartStyle.THRESHOLD, 1.5f)
                    .setLineStyle(ChartStyle.DASHED);
        }
        return chart;
    }
}
