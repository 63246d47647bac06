package io.fleetanomaly.evaluation.report;

import static io.fleetanomaly.evaluation.report.Html.escape;

import io.fleetanomaly.evaluation.metrics.ConfusionMatrix;
import io.fleetanomaly.evaluation.metrics.SweepRow;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The self-contained {@code report.html}: inline CSS and script, charts as data URIs, the page
 * data as an inline JSON blob. The values shown for the selected sweep row are written here too,
 * so the page reads right before (or without) its script.
 *
 * <p>Rates come from the metrics package's {@link ConfusionMatrix}, but one whose denominator is 0
 * (precision with nothing flagged, F1 with no TP, FP or FN, ...) shows as a dash, not as the 0
 * the metrics package computes; the page says so, and its script follows the same rule.
 */
final class HtmlPage {
    private static final String CSS = resource("report.css");
    private static final String SCRIPT = resource("report.js");
    /** The page's 0/0 rule, said where the rates are. */
    static final String UNDEFINED_RATE_NOTE = "Rates on this page: a rate whose denominator is 0 "
            + "(precision with nothing flagged, recall or MAR with no labeled anomaly, FAR with no labeled "
            + "normal event, F1 with no TP, FP or FN) shows as \u2014, where the metrics package counts it "
            + "as 0 (scikit-learn's zero_division=0).";

    private final StringBuilder out = new StringBuilder(1 << 16);

    private HtmlPage() {
    }

    static String render(EvaluationReport report, ReportCharts charts) {
        HtmlPage page = new HtmlPage();
        page.head(report.run());
        page.runInfo(report.run());
        page.alertOutput(report.alerts(), report.sweep());
        page.sweep(report.sweep(), charts.sweep());
        page.detectors(report.detectors(), charts);
        page.devices(charts.timelines());
        page.tail(PageData.of(report));
        return page.out.toString();
    }

    private void head(RunInfo run) {
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Evaluation report: ").append(escape(run.dataset())).append("</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
    }

    private void runInfo(RunInfo run) {
        out.append("<header>\n<h1>Evaluation report: ").append(escape(run.dataset())).append("</h1>\n")
                .append("<dl class=\"meta\" id=\"run-info\">\n");
        meta("data set", escape(run.dataset()));
        meta("model bundle", escape(run.bundleVersion()));
        meta("command", "<code>" + escape(run.commandLine()) + "</code>");
        meta("generated", escape(Formats.instant(run.generatedAt())));
        meta("devices", Formats.count(run.devices()));
        meta("events", Formats.count(run.events()) + " (" + Formats.count(run.anomalousEvents())
                + " labeled anomalous, " + Formats.count(run.warmupEvents()) + " while warming up)");
        out.append("</dl>\n</header>\n");
    }

    private void meta(String term, String html) {
        out.append("<dt>").append(term).append("</dt><dd>").append(html).append("</dd>\n");
    }

    private void alertOutput(AlertResult alerts, SweepResult sweep) {
        ConfusionMatrix m = alerts.confusion();
        out.append("<section id=\"alert-output\">\n<h2>Alert output</h2>\n")
                .append("<p class=\"note\">The alerts the run opened, at its threshold (")
                .append(escape(sweep.parameter())).append(" = ").append(Formats.threshold(alerts.threshold()))
                .append("): an event under an open alert counts as flagged.</p>\n")
                .append("<p class=\"note\" id=\"undefined-rates\">").append(escape(UNDEFINED_RATE_NOTE)).append("</p>\n")
                .append("<div class=\"row\">\n<div>\n<h3>At the run's threshold</h3>\n")
                .append("<table id=\"alert-summary\">\n<tr><th>TP</th><th>FP</th><th>FN</th><th>TN</th>")
                .append("<th>precision</th><th>recall</th><th>F1</th><th>FAR</th><th>MAR</th>")
                .append("<th>mean detection delay</th></tr>\n<tr>");
        cells(Formats.count(m.tp()), Formats.count(m.fp()), Formats.count(m.fn()), Formats.count(m.tn()));
        cells(rates(m));
        cells(Formats.seconds(alerts.meanDetectionDelayMs()));
        out.append("</tr>\n</table>\n</div>\n<div>\n<h3>NAB scores</h3>\n<table id=\"nab\">\n")
                .append("<tr><th>profile</th><th>score</th></tr>\n");
        NabScores nab = alerts.nab();
        nabRow("standard", nab.standard());
        nabRow("reward_low_FP", nab.rewardLowFp());
        nabRow("reward_low_FN", nab.rewardLowFn());
        out.append("</table>\n</div>\n</div>\n</section>\n");
    }

    private void nabRow(String profile, double score) {
        out.append("<tr><td class=\"name\">").append(profile).append("</td><td>")
                .append(Formats.fixed(score, 1)).append("</td></tr>\n");
    }

    private void sweep(SweepResult sweep, RenderedChart chart) {
        int selected = sweep.bestF1Index();
        SweepRow row = sweep.bestF1Row();
        ConfusionMatrix m = row.matrix();
        CostWeights costs = sweep.costs();
        out.append("<section id=\"sweep\">\n<h2>Alert threshold</h2>\n")
                .append("<p class=\"note\">Move the slider over the ").append(sweep.rows().size())
                .append(" thresholds of the sweep of ").append(escape(sweep.parameter()))
                .append(": the alert output is re-counted at each. Cost = ")
                .append(Formats.threshold(costs.costMissed())).append(" \u00d7 FN + ")
                .append(Formats.threshold(costs.costFalseAlarm())).append(" \u00d7 FP; of equal F1s or costs, ")
                .append("the highest threshold is marked.</p>\n")
                .append("<div class=\"slider\">\n<label for=\"threshold-slider\">")
                .append(escape(sweep.parameter())).append("</label>\n")
                .append("<input type=\"range\" id=\"threshold-slider\" min=\"0\" max=\"")
                .append(sweep.rows().size() - 1).append("\" step=\"1\" value=\"").append(selected)
                .append("\" list=\"sweep-marks\">\n<datalist id=\"sweep-marks\">")
                .append("<option value=\"").append(sweep.bestF1Index()).append("\"></option>")
                .append("<option value=\"").append(sweep.costWeightedIndex()).append("\"></option></datalist>\n")
                .append("<output id=\"threshold-value\" for=\"threshold-slider\">")
                .append(Formats.threshold(row.threshold())).append("</output>\n")
                .append("<span class=\"badge\" id=\"threshold-mark\">")
                .append(selected == sweep.costWeightedIndex() ? "best F1 \u00b7 lowest cost" : "best F1")
                .append("</span>\n<button type=\"button\" id=\"jump-best-f1\">best F1 (")
                .append(Formats.threshold(sweep.bestF1Row().threshold()))
                .append(")</button>\n<button type=\"button\" id=\"jump-lowest-cost\">lowest cost (")
                .append(Formats.threshold(sweep.costWeightedRow().threshold()))
                .append(")</button>\n</div>\n<div class=\"row\">\n<div>\n")
                .append("<table class=\"confusion\" id=\"confusion\">\n")
                .append("<tr><th></th><th>alerted</th><th>not alerted</th></tr>\n")
                .append("<tr><th>labeled anomalous</th><td class=\"tp\" id=\"cm-tp\">").append(Formats.count(m.tp()))
                .append("</td><td class=\"fn\" id=\"cm-fn\">").append(Formats.count(m.fn())).append("</td></tr>\n")
                .append("<tr><th>labeled normal</th><td class=\"fp\" id=\"cm-fp\">").append(Formats.count(m.fp()))
                .append("</td><td class=\"tn\" id=\"cm-tn\">").append(Formats.count(m.tn())).append("</td></tr>\n")
                .append("</table>\n<table class=\"rates\" id=\"rates\">\n")
                .append("<tr><th>precision</th><th>recall</th><th>F1</th><th>FAR</th><th>MAR</th><th>cost</th></tr>\n")
                .append("<tr><td id=\"m-precision\">").append(Formats.rate(DisplayRates.precision(m)))
                .append("</td><td id=\"m-recall\">").append(Formats.rate(DisplayRates.recall(m)))
                .append("</td><td id=\"m-f1\">").append(Formats.rate(DisplayRates.f1(m)))
                .append("</td><td id=\"m-far\">").append(Formats.rate(DisplayRates.far(m)))
                .append("</td><td id=\"m-mar\">").append(Formats.rate(DisplayRates.mar(m)))
                .append("</td><td id=\"m-cost\">").append(Formats.fixed(costs.costOf(m), 2))
                .append("</td></tr>\n</table>\n</div>\n");
        figure(chart);
        out.append("</div>\n</section>\n");
    }

    private void detectors(List<DetectorResult> detectors, ReportCharts charts) {
        out.append("<section id=\"detectors\">\n<h2>Detectors</h2>\n")
                .append("<p class=\"note\">Event-level quality of each detector's score; precision to MAR are at ")
                .append("the detector's threshold (flagged when the score is at or above it). ")
                .append("FAR = FP / (FP + TN), MAR = FN / (FN + TP); \u2014 where the denominator is 0.</p>\n")
                .append("<table id=\"detector-metrics\">\n<tr><th>detector</th><th>ROC-AUC</th><th>PR-AUC</th>")
                .append("<th>threshold</th><th>precision</th><th>recall</th><th>F1</th><th>FAR</th><th>MAR</th></tr>\n");
        for (DetectorResult d : detectors) {
            SweepRow t = d.atThreshold();
            out.append("<tr><td class=\"name\">").append(escape(d.name())).append("</td>");
            cells(Formats.rate(d.roc().auc()), Formats.rate(d.pr().auc()), Formats.threshold(t.threshold()));
            cells(rates(t.matrix()));
            out.append("</tr>\n");
        }
        out.append("</table>\n<div class=\"row\">\n");
        figure(charts.roc());
        figure(charts.precisionRecall());
        out.append("</div>\n<h3>Score distributions</h3>\n<div class=\"row\">\n");
        charts.distributions().forEach(this::figure);
        out.append("</div>\n</section>\n");
    }

    private void devices(List<RenderedChart> timelines) {
        out.append("<section id=\"devices\">\n<h2>Devices</h2>\n");
        if (timelines.isEmpty()) {
            out.append("<p class=\"note\">No device timelines in this report.</p>\n");
        }
        timelines.forEach(this::figure);
        out.append("</section>\n");
    }

    private void tail(PageData data) {
        out.append("<script type=\"application/json\" id=\"report-data\">")
                .append(ReportJson.toJson(data))
                .append("</script>\n<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
    }

    private void figure(RenderedChart chart) {
        out.append("<figure><img src=\"").append(chart.dataUri()).append("\" width=\"").append(chart.width())
                .append("\" height=\"").append(chart.height()).append("\" alt=\"")
                .append(escape(chart.caption())).append("\" data-file=\"").append(escape(chart.fileName()))
                .append("\"><figcaption>").append(escape(chart.caption())).append(" (")
                .append(escape(chart.fileName())).append(")</figcaption></figure>\n");
    }

    /** Precision, recall, F1, FAR and MAR, a dash where the denominator is 0. */
    private static String[] rates(ConfusionMatrix m) {
        return new String[] {Formats.rate(DisplayRates.precision(m)), Formats.rate(DisplayRates.recall(m)),
                Formats.rate(DisplayRates.f1(m)), Formats.rate(DisplayRates.far(m)), Formats.rate(DisplayRates.mar(m))};
    }

    private void cells(String... values) {
        for (String v : values) {
            out.append("<td>").append(v).append("</td>");
        }
    }

    private static String resource(String name) {
        try (InputStream in = HtmlPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
