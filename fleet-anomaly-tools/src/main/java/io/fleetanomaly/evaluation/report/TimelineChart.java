package io.fleetanomaly.evaluation.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

/**
 * One device over time, two panels on a shared time axis: the fused and per-detector scores with
 * labeled anomalies shaded (top), and the CUSUM statistic with its threshold and the spans an
 * alert was open shaded (bottom).
 */
final class TimelineChart {
    static final int WIDTH = 1000;
    private static final int SCORES_HEIGHT = 330;
    private static final int CUSUM_HEIGHT = 250;

    private TimelineChart() {
    }

    /** The device's picture; {@code timeline} should already be downsampled to a drawable size. */
    static BufferedImage render(DeviceTimeline timeline) {
        double[] minutes = minutesSinceStart(timeline.timestamps());
        BufferedImage scores = BitmapEncoder.getBufferedImage(scoresPanel(timeline, minutes));
        BufferedImage cusum = BitmapEncoder.getBufferedImage(cusumPanel(timeline, minutes));
        BufferedImage both = new BufferedImage(WIDTH, SCORES_HEIGHT + CUSUM_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = both.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, both.getWidth(), both.getHeight());
            g.drawImage(scores, 0, 0, null);
            g.drawImage(cusum, 0, SCORES_HEIGHT, null);
        } finally {
            g.dispose();
        }
        return both;
    }

    private static XYChart scoresPanel(DeviceTimeline t, double[] minutes) {
        XYChart chart = panel(SCORES_HEIGHT, t.deviceId(), "score", minutes);
        double top = 1.05 * Math.max(max(t.fused()),
                t.detectorScores().values().stream().mapToDouble(TimelineChart::max).max().orElse(0));
        top = top > 0 ? top : 1;
        chart.getStyler().setYAxisMax(top);
        ChartStyle.filledArea(chart, "labeled anomaly", stepX(minutes), stepY(t.labels(), top), ChartStyle.LABEL_FILL);
        int i = 0;
        for (Map.Entry<String, double[]> e : t.detectorScores().entrySet()) {
            Color c = ChartStyle.detectorColor(e.getKey(), i++);
            ChartStyle.line(chart, e.getKey(), minutes, e.getValue(),
                    new Color(c.getRed(), c.getGreen(), c.getBlue(), 150), 1f);
        }
        ChartStyle.line(chart, "fused", minutes, t.fused(), ChartStyle.detectorColor("fused", 0), 1.8f);
        return chart;
    }

    private static XYChart cusumPanel(DeviceTimeline t, double[] minutes) {
        XYChart chart = panel(CUSUM_HEIGHT, null, "CUSUM", minutes);
        chart.setXAxisTitle("minutes since " + Formats.instant(Instant.ofEpochMilli(t.timestamps()[0])));
        double h = t.cusumThreshold();
        double top = 1.05 * Math.max(max(t.cusum()), Double.isFinite(h) ? h : 0);
        top = top > 0 ? top : 1;
        chart.getStyler().setYAxisMax(top);
        int[] open = new int[t.size()];
        for (int k = 0; k < open.length; k++) {
            open[k] = t.alertOpen()[k] ? 1 : 0;
        }
        ChartStyle.filledArea(chart, "alert open", stepX(minutes), stepY(open, top), ChartStyle.ALERT_FILL);
        if (Double.isFinite(h)) {
            ChartStyle.line(chart, "h = " + Formats.threshold(h), new double[] {minutes[0], minutes[minutes.length - 1]},
                    new double[] {h, h}, ChartStyle.THRESHOLD, 1.2f).setLineStyle(ChartStyle.DASHED);
        }
        ChartStyle.line(chart, "CUSUM", minutes, t.cusum(), new Color(214, 39, 40), 1.6f);
        return chart;
    }

    private static XYChart panel(int height, String title, String yTitle, double[] minutes) {
        XYChart chart = ChartStyle.xyChart(WIDTH, height, title == null ? "" : title, "", yTitle);
        var styler = chart.getStyler();
        styler.setChartTitleVisible(title != null);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setYAxisMin(0.0);
        // Both panels draw their y tick labels alike (a score and a CUSUM usually both stay
        // below 100), so the two plot areas start at about the same x and the time axes line up.
        styler.setXAxisMin(minutes[0]);
        styler.setXAxisMax(minutes[minutes.length - 1] > minutes[0] ? minutes[minutes.length - 1] : minutes[0] + 1);
        return chart;
    }

    static double[] minutesSinceStart(long[] timestamps) {
        double[] minutes = new double[timestamps.length];
        for (int i = 0; i < timestamps.length; i++) {
            minutes[i] = (timestamps[i] - timestamps[0]) / 60_000.0;
        }
        return minutes;
    }

    /** x of a step outline: each point's x twice (the step rises or falls at the event). */
    static double[] stepX(double[] x) {
        double[] out = new double[2 * x.length];
        for (int i = 0; i < x.length; i++) {
            out[2 * i] = x[i];
            out[2 * i + 1] = i + 1 < x.length ? x[i + 1] : x[i];
        }
        return out;
    }

    /** y of a step outline: {@code top} while the flag is 1 until the next event, else 0. */
    static double[] stepY(int[] flags, double top) {
        double[] out = new double[2 * flags.length];
        for (int i = 0; i < flags.length; i++) {
            double v = flags[i] != 0 ? top : 0;
            out[2 * i] = v;
            out[2 * i + 1] = v;
        }
        return out;
    }

    private static double max(double[] values) {
        double max = 0;
        for (double v : values) {
            if (Double.isFinite(v) && v > max) {
                max = v;
            }
        }
        return max;
    }
}
