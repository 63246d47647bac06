package io.fleetanomaly.evaluation.report;

import io.fleetanomaly.evaluation.metrics.SweepRow;
import java.util.List;

/**
 * What the page's script reads (the inline JSON blob): the summary numbers, the sweep rows with
 * their thresholds already formatted, and the device ids. Curves, samples and timelines are in
 * the charts and in {@code report.json}, not here.
 */
record PageData(
        RunInfo run,
        List<DetectorSummary> detectors,
        AlertResult alerts,
        SweepView sweep,
        List<String> devices) {

    record DetectorSummary(String name, double rocAuc, double prAuc, SweepRow atThreshold) {
    }

    record SweepView(
            String parameter,
            List<SweepRow> rows,
            List<String> thresholdLabels,
            int bestF1Index,
            int costWeightedIndex,
            CostWeights costs) {
    }

    static PageData of(EvaluationReport report) {
        List<DetectorSummary> detectors = report.detectors().stream()
                .map(d -> new DetectorSummary(d.name(), d.roc().auc(), d.pr().auc(), d.atThreshold()))
                .toList();
        SweepResult s = report.sweep();
        SweepView sweep = new SweepView(s.parameter(), s.rows(),
                s.rows().stream().map(r -> Formats.threshold(r.threshold())).toList(),
                s.bestF1Index(), s.costWeightedIndex(), s.costs());
        List<String> devices = report.timelines().stream().map(DeviceTimeline::deviceId).toList();
        return new PageData(report.run(), detectors, report.alerts(), sweep, devices);
    }
}
