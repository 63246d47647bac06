package io.fleetanomaly.evaluation.report;

import io.fleetanomaly.evaluation.metrics.ConfusionMatrix;
import io.fleetanomaly.evaluation.metrics.SweepRow;
import java.awt.Color;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

/**
 * Precision, recall and F1 of the alert output against the swept threshold, marked rows as lines.
 * A rate with a zero denominator is left out (a gap), as the page shows a dash for it.
 */
final class SweepChart {
    private static final int WIDTH = 560;
    private static final int HEIGHT = 360;

    private SweepChart() {
    }

    static XYChart of(SweepResult sweep) {
        List<SweepRow> rows = sweep.rows();
        int n = rows.size();
        double[] x = new double[n];
        double[] precision = new double[n];
        double[] recall = new double[n];
        double[] f1 = new double[n];
        for (int i = 0; i < n; i++) {
            ConfusionMatrix m = rows.get(i).matrix();
            x[i] = rows.get(i).threshold();
            precision[i] = DisplayRates.precision(m);
            recall[i] = DisplayRates.recall(m);
            f1[i] = DisplayRates.f1(m);
        }
        XYChart chart = ChartStyle.xyChart(WIDTH, HEIGHT, "Alert threshold sweep", sweep.parameter(), "");
        var styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setYAxisMin(0.0);
        styler.setYAxisMax(1.0);
        styler.setYAxisDecimalPattern("0.0");
        if (n == 1) {
            styler.setXAxisMin(x[0] - 0.5);
            styler.setXAxisMax(x[0] + 0.5);
        }
        mark(chart, "best F1 at " + Formats.threshold(x[sweep.bestF1Index()]), x[sweep.bestF1Index()],
                new Color(44, 160, 44));
        if (sweep.costWeightedIndex() != sweep.bestF1Index()) {
            mark(chart, "lowest cost at " + Formats.threshold(x[sweep.costWeightedIndex()]),
                    x[sweep.costWeightedIndex()], new Color(255, 140, 0));
        }
        ChartStyle.line(chart, "precision", x, precision, new Color(31, 119, 180), 1.8f);
        ChartStyle.line(chart, "recall", x, recall, new Color(214, 39, 40), 1.8f);
        ChartStyle.line(chart, "F1", x, f1, new Color(20, 20, 20), 2.2f);
        return chart;
    }

    private static void mark(XYChart chart, String name, double at, Color color) {
        ChartStyle.line(chart, name, new double[] {at, at}, new double[] {0, 1}, color, 1.5f)
                .setLineStyle(ChartStyle.DASHED);
    }
}
