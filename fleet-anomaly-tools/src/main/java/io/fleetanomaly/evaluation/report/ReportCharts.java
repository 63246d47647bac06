package io.fleetanomaly.evaluation.report;

import java.util.ArrayList;
import java.util.List;

/** All charts of one report. */
record ReportCharts(
        RenderedChart roc,
        RenderedChart precisionRecall,
        RenderedChart sweep,
        List<RenderedChart> distributions,
        List<RenderedChart> timelines) {

    List<RenderedChart> all() {
        List<RenderedChart> all = new ArrayList<>(List.of(roc, precisionRecall, sweep));
        all.addAll(distributions);
        all.addAll(timelines);
        return all;
    }
}
