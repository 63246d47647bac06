package io.fleetanomaly.evaluation.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;

/**
 * Writes an {@link EvaluationReport} as a directory: {@code report.html} (self-contained: charts
 * embedded, no network), every chart also as a PNG beside it, and {@code report.json} with the
 * full input model. Files of an earlier report in the same directory are overwritten, not removed.
 *
 * <pre>{@code
 * Path html = new ReportWriter().write(report, Path.of("reports/eval"));
 * }</pre>
 *
 * Charts are drawn with XChart on a headless Java2D ({@code java.awt.headless} is set to true
 * unless already set).
 */
public final class ReportWriter {
    /** Default number of points a timeline chart draws at most (longer timelines are downsampled). */
    public static final int DEFAULT_MAX_TIMELINE_POINTS = 1500;
    public static final String HTML_FILE = "report.html";
    public static final String JSON_FILE = "report.json";

    static {
        ChartStyle.ensureHeadless();
    }

    private final int maxTimelinePoints;

    public ReportWriter() {
        this(DEFAULT_MAX_TIMELINE_POINTS);
    }

    public ReportWriter(int maxTimelinePoints) {
        if (maxTimelinePoints < 2) {
            throw new IllegalArgumentException("maxTimelinePoints must be at least 2: " + maxTimelinePoints);
        }
        this.maxTimelinePoints = maxTimelinePoints;
    }

    /** Writes the report into {@code directory} (created if missing) and returns the page's path. */
    public Path write(EvaluationReport report, Path directory) throws IOException {
        Files.createDirectories(directory);
        ReportCharts charts = charts(report);
        for (RenderedChart chart : charts.all()) {
            Files.write(directory.resolve(chart.fileName()), chart.png());
        }
        Files.writeString(directory.resolve(JSON_FILE), ReportJson.toPrettyJson(report), StandardCharsets.UTF_8);
        Path html = directory.resolve(HTML_FILE);
        Files.writeString(html, HtmlPage.render(report, charts), StandardCharsets.UTF_8);
        return html;
    }

    private ReportCharts charts(EvaluationReport report) {
        FileNames names = new FileNames();
        List<DetectorResult> detectors = report.detectors();
        RenderedChart roc = render(CurveCharts.roc(detectors), "roc.png", "ROC curves of all detectors");
        RenderedChart pr = render(CurveCharts.precisionRecall(detectors), "pr.png",
                "Precision-recall curves of all detectors");
        RenderedChart sweep = render(SweepChart.of(report.sweep()), "sweep.png",
                "Precision, recall and F1 of the alert output by threshold");
        List<RenderedChart> distributions = new ArrayList<>();
        for (DetectorResult d : detectors) {
            distributions.add(render(DistributionChart.of(d), names.png("scores", d.name()),
                    d.name() + ": scores of normal and anomalous events, threshold "
                            + Formats.threshold(d.atThreshold().threshold())));
        }
        List<RenderedChart> timelines = new ArrayList<>();
        for (DeviceTimeline t : report.timelines()) {
            if (t.size() == 0) {
                continue;
            }
            DeviceTimeline drawn = TimelineDownsampler.downsample(t, maxTimelinePoints);
            String caption = t.deviceId() + ": " + Formats.count(t.size()) + " events"
                    + (drawn.size() < t.size() ? ", drawn as " + Formats.count(drawn.size()) + " peaks" : "");
            timelines.add(render(TimelineChart.render(drawn), names.png("timeline", t.deviceId()), caption));
        }
        return new ReportCharts(roc, pr, sweep, distributions, timelines);
    }

    private static RenderedChart render(XYChart chart, String fileName, String caption) {
        return render(BitmapEncoder.getBufferedImage(chart), fileName, caption);
    }

    private static RenderedChart render(BufferedImage image, String fileName, String caption) {
        return new RenderedChart(fileName, ChartStyle.png(image), image.getWidth(), image.getHeight(), caption);
    }
}
