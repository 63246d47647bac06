package io.fleetanomaly.evaluation.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetanomaly.evaluation.metrics.ConfusionMatrix;
import io.fleetanomaly.evaluation.metrics.SweepRow;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reports with little or odd data still render: nothing throws, the page stays well formed. */
class EdgeCaseReportTest {
    @TempDir
    Path dir;

    @Test
    void emptyCurvesSamplesAndUndefinedRates() throws Exception {
        double nan = Double.NaN;
        DetectorResult empty = new DetectorResult("fused", new RocCurve(new double[0], new double[0], nan),
                new PrCurve(new double[0], new double[0], nan),
                new SweepRow(Double.POSITIVE_INFINITY, ConfusionMatrix.EMPTY),
                new ScoreSamples(new double[0], new double[0]));
        DetectorResult constant = new DetectorResult("iforest", new RocCurve(new double[] {0, 1}, new double[] {0, 1}, 0.5),
                new PrCurve(new double[] {1}, new double[] {0.1}, 0.1),
                new SweepRow(3, new ConfusionMatrix(0, 0, 1, 2)),
                new ScoreSamples(new double[] {2, 2, 2}, new double[] {2, nan}));
        DeviceTimeline oneEvent = new DeviceTimeline("only-one", new long[] {5}, new double[] {nan}, Map.of(),
                new int[] {1}, new boolean[] {true}, new double[] {0}, nan);
        DeviceTimeline noEvents = new DeviceTimeline("none", new long[0], new double[0], Map.of(), new int[0],
                new boolean[0], new double[0], 5);
        SweepResult sweep = new SweepResult("h", List.of(new SweepRow(5, ConfusionMatrix.EMPTY)), 0, 0,
                new CostWeights(0, 0));
        EvaluationReport report = new EvaluationReport(
                new RunInfo("", "", "", Instant.EPOCH, 0, 0, 0, 0), List.of(empty, constant),
                new AlertResult(5, ConfusionMatrix.EMPTY, new NabScores(nan, nan, nan), nan),
                sweep, List.of(oneEvent, noEvents));

        Path html = new ReportWriter().write(report, dir);

        String page = Files.readString(html);
        assertThat(LenientHtml.problems(page)).isEmpty();
        assertThat(page).contains("id=\"m-precision\">\u2014<", "id=\"m-f1\">\u2014<", "id=\"m-cost\">0.00<",
                "max=\"0\"", "id=\"undefined-rates\"");
        // Empty matrix: every rate is a dash; iforest flags nothing of 1 anomaly and 2 normal events.
        assertThat(page).contains("<td class=\"name\">fused</td><td>\u2014</td><td>\u2014</td><td>\u2014</td>"
                        + "<td>\u2014</td><td>\u2014</td><td>\u2014</td><td>\u2014</td><td>\u2014</td>",
                "<td class=\"name\">iforest</td><td>0.500</td><td>0.100</td><td>3</td>"
                        + "<td>\u2014</td><td>0.000</td><td>0.000</td><td>0.000</td><td>1.000</td>");
        assertThat(Files.exists(dir.resolve("timeline-only-one.png"))).isTrue();
        assertThat(Files.exists(dir.resolve("timeline-none.png"))).isFalse();
        for (String png : List.of("roc.png", "pr.png", "sweep.png", "scores-fused.png", "scores-iforest.png")) {
            BufferedImage image = ImageIO.read(dir.resolve(png).toFile());
            assertThat(image).as(png).isNotNull();
        }
    }

    @Test
    void aFleetWithNoLabeledAnomalyShowsDashesForTheUndefinedRates() throws Exception {
        String page = Files.readString(new ReportWriter().write(SampleReports.undefinedRates(), dir));
        assertThat(LenientHtml.problems(page)).isEmpty();
        // Best F1 and lowest cost are both the highest threshold, h = 4: nothing flagged of 10 normal events.
        assertThat(page).contains("value=\"3\" list=\"sweep-marks\"",
                "<output id=\"threshold-value\" for=\"threshold-slider\">4</output>",
                "id=\"threshold-mark\">best F1 \u00b7 lowest cost<",
                "<td id=\"m-precision\">\u2014</td><td id=\"m-recall\">\u2014</td><td id=\"m-f1\">\u2014</td>"
                        + "<td id=\"m-far\">0.000</td><td id=\"m-mar\">\u2014</td><td id=\"m-cost\">0.00</td>",
                "<td>0</td><td>0</td><td>0</td><td>10</td><td>\u2014</td><td>\u2014</td><td>\u2014</td>"
                        + "<td>0.000</td><td>\u2014</td><td>\u2014</td>",
                HtmlPage.UNDEFINED_RATE_NOTE.replace("'", "&#39;"));
    }

    @Test
    void noDetectorsAndNoDevices() throws Exception {
        EvaluationReport report = new EvaluationReport(
                new RunInfo("d", "b", "c", Instant.EPOCH, 0, 0, 0, 0), List.of(),
                new AlertResult(5, new ConfusionMatrix(1, 2, 3, 4), new NabScores(1, 2, 3), 1000),
                SweepResult.of("h", SampleReports.sweepRows(), new CostWeights(1, 1)), List.of());
        String page = Files.readString(new ReportWriter().write(report, dir));
        assertThat(LenientHtml.problems(page)).isEmpty();
        assertThat(page).contains("No device timelines in this report.");
    }
}
