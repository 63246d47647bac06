package io.fleetanomaly.evaluation.report;

import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

/** ROC and precision-recall curves of all detectors, overlaid. */
final class CurveCharts {
    private static final int WIDTH = 560;
    private static final int HEIGHT = 480;

    private CurveCharts() {
    }

    static XYChart roc(List<DetectorResult> detectors) {
        XYChart chart = ChartStyle.xyChart(WIDTH, HEIGHT, "ROC", "false-positive rate", "true-positive rate");
        unitSquare(chart);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        ChartStyle.line(chart, "chance", new double[] {0, 1}, new double[] {0, 1}, ChartStyle.THRESHOLD, 1f)
                .setLineStyle(ChartStyle.DASHED);
        for (int i = 0; i < detectors.size(); i++) {
            DetectorResult d = detectors.get(i);
            if (d.roc().fpr().length > 0) {
                ChartStyle.line(chart, d.name() + " (AUC " + Formats.rate(d.roc().auc()) + ")",
                        d.roc().fpr(), d.roc().tpr(), ChartStyle.detectorColor(d.name(), i), width(d));
            }
        }
        return chart;
    }

    static XYChart precisionRecall(List<DetectorResult> detectors) {
        XYChart chart = ChartStyle.xyChart(WIDTH, HEIGHT, "Precision-recall", "recall", "precision");
        unitSquare(chart);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
        boolean any = false;
        for (int i = 0; i < detectors.size(); i++) {
            DetectorResult d = detectors.get(i);
            if (d.pr().recall().length > 0) {
                ChartStyle.line(chart, d.name() + " (AUC " + Formats.rate(d.pr().auc()) + ")",
                        d.pr().recall(), d.pr().precision(), ChartStyle.detectorColor(d.name(), i), width(d));
                any = true;
            }
        }
        if (!any) {
            // XChart draws nothing sensible without a series: show the empty square.
            ChartStyle.line(chart, "no data", new double[] {0}, new double[] {0}, ChartStyle.THRESHOLD, 0f);
        }
        return chart;
    }

    private static float width(DetectorResult d) {
        return "fused".equals(d.name()) ? 2.5f : 1.6f;
    }

    private static void unitSquare(XYChart chart) {
        var styler = chart.getStyler();
        styler.setXAxisMin(0.0);
        styler.setXAxisMax(1.0);
        styler.setYAxisMin(0.0);
        styler.setYAxisMax(1.0);
        styler.setXAxisDecimalPattern("0.0");
        styler.setYAxisDecimalPattern("0.0");
    }
}
