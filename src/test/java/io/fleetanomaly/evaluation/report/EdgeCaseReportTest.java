package io.fleetanomaly.evaluation.report;

import static org.assertj.core.api.Assertions.assertThat;

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
                new PrCurve(new double[0], new double[0], nan), new ThresholdMetrics(nan, nan, nan, nan, nan, nan),
                new ScoreSamples(new double[0], new double[0]));
        DetectorResult constant = new DetectorResult("iforest", new RocCurve(new double[] {0, 1}, new double[] {0, 1}, 0.5),
                new PrCurve(new double[] {1}, new double[] {0.1}, 0.1), new ThresholdMetrics(3, 0, 0, nan, 0, 1),
                new ScoreSamples(new double[] {2, 2, 2}, new double[] {2, nan}));
        DeviceTimeline oneEvent = new DeviceTimeline("only-one", new long[] {5}, new double[] {nan}, Map.of(),
                new int[] {1}, new boolean[] {true}, new double[] {0}, nan);
        DeviceTimeline noEvents = new DeviceTimeline("none", new long[0], new double[0], Map.of(), new int[0],
                new boolean[0], new double[0], 5);
        ThresholdSweep sweep = new ThresholdSweep("h", List.of(new SweepRow(5, 0, 0, 0, 0)), 0, 0, new CostWeights(0, 0));
        EvaluationReport report = new EvaluationReport(
                new RunInfo("", "", "", Instant.EPOCH, 0, 0, 0, 0), List.of(empty, constant),
                new AlertResult(5, new ConfusionMatrix(0, 0, 0, 0), new NabScores(nan, nan, nan), nan),
                sweep, List.of(oneEvent, noEvents));

        Path html = new ReportWriter().write(report, dir);

        String page = Files.readString(html);
        assertThat(LenientHtml.problems(page)).isEmpty();
        assertThat(page).contains("id=\"m-precision\">\u2014<", "max=\"0\"");
        assertThat(Files.exists(dir.resolve("timeline-only-one.png"))).isTrue();
        assertThat(Files.exists(dir.resolve("timeline-none.png"))).isFalse();
        for (String png : List.of("roc.png", "pr.png", "sweep.png", "scores-fused.png", "scores-iforest.png")) {
            BufferedImage image = ImageIO.read(dir.resolve(png).toFile());
            assertThat(image).as(png).isNotNull();
        }
    }

    @Test
    void noDetectorsAndNoDevices() throws Exception {
        EvaluationReport report = new EvaluationReport(
                new RunInfo("d", "b", "c", Instant.EPOCH, 0, 0, 0, 0), List.of(),
                new AlertResult(5, new ConfusionMatrix(1, 2, 3, 4), new NabScores(1, 2, 3), 1000),
                ThresholdSweep.of("h", SampleReports.sweepRows(), new CostWeights(1, 1)), List.of());
        String page = Files.readString(new ReportWriter().write(report, dir));
        assertThat(LenientHtml.problems(page)).isEmpty();
        assertThat(page).contains("No device timelines in this report.");
    }
}
