package io.fleetanomaly.evaluation.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The look shared by the report's charts, and their encoding as PNG. */
final class ChartStyle {
    static {
        ensureHeadless();
    }

    static final Color LABEL_FILL = new Color(220, 50, 47, 60);
    static final Color ALERT_FILL = new Color(255, 140, 0, 90);
    static final Color THRESHOLD = new Color(90, 90, 90);
    static final BasicStroke DASHED = new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
            10f, new float[] {6f, 4f}, 0f);

    private static final Map<String, Color> DETECTOR_COLORS = Map.of(
            "fused", new Color(20, 20, 20),
            "iforest", new Color(31, 119, 180),
            "mahalanobis", new Color(44, 160, 44),
            "lstm_ae", new Color(148, 103, 189));
    private static final List<Color> OTHER_COLORS = List.of(
            new Color(214, 39, 40), new Color(140, 86, 75), new Color(227, 119, 194),
            new Color(188, 189, 34), new Color(23, 190, 207), new Color(127, 127, 127));
    private static final Font BASE = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private ChartStyle() {
    }

    /** Java2D without a display, unless the application chose otherwise before. */
    static void ensureHeadless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** A line chart with the report's look. */
    static XYChart xyChart(int width, int height, String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(width).height(height)
                .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        var styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderColor(new Color(200, 200, 200));
        styler.setPlotGridLinesColor(new Color(235, 235, 235));
        styler.setLegendBorderColor(new Color(220, 220, 220));
        styler.setChartTitleBoxVisible(false);
        styler.setBaseFont(BASE);
        styler.setChartTitleFont(BASE.deriveFont(Font.BOLD, 14f));
        styler.setLegendFont(BASE.deriveFont(11f));
        styler.setAxisTitleFont(BASE);
        styler.setAxisTickLabelsFont(BASE.deriveFont(11f));
        styler.setLocale(Locale.ROOT);
        styler.setMarkerSize(0);
        styler.setChartPadding(8);
        return chart;
    }

    /** Colour of a detector's series: fixed for the bundle's detectors, from a palette otherwise. */
    static Color detectorColor(String name, int index) {
        Color fixed = DETECTOR_COLORS.get(name);
        return fixed != null ? fixed : OTHER_COLORS.get(index % OTHER_COLORS.size());
    }

    static XYSeries line(XYChart chart, String name, double[] x, double[] y, Color color, float width) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineWidth(width);
        return s;
    }

    static XYSeries filledArea(XYChart chart, String name, double[] x, double[] y, Color fill) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
        s.setMarker(SeriesMarkers.NONE);
        s.setFillColor(fill);
        // A stronger outline of the same colour, so the legend's swatch is visible too.
        s.setLineColor(new Color(fill.getRed(), fill.getGreen(), fill.getBlue(), 200));
        s.setLineWidth(1f);
        return s;
    }

    static byte[] png(XYChart chart) {
        return png(BitmapEncoder.getBufferedImage(chart));
    }

    static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a chart as PNG", e);
        }
    }
}
