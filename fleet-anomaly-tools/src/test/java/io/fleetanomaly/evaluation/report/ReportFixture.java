package io.fleetanomaly.evaluation.report;

import java.nio.file.Path;
import java.util.List;

/**
 * Writes a sample report with the real {@link ReportWriter}, for the browser test
 * ({@code src/test/browser}). Usage: {@code ReportFixture <directory> [realistic|undefined-rates]}:
 * {@link SampleReports#realistic()} (the default) or {@link SampleReports#undefinedRates()}.
 */
public final class ReportFixture {
    private ReportFixture() {
    }

    public static void main(String[] args) throws Exception {
        String sample = args.length == 2 ? args[1] : "realistic";
        if (args.length < 1 || args.length > 2 || !List.of("realistic", "undefined-rates").contains(sample)) {
            System.err.println("usage: ReportFixture <directory> [realistic|undefined-rates]");
            System.exit(2);
        }
        EvaluationReport report = sample.equals("realistic") ? SampleReports.realistic() : SampleReports.undefinedRates();
        Path html = new ReportWriter().write(report, Path.of(args[0]));
        System.out.println(html.toAbsolutePath());
    }
}
