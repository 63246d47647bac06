package io.fleetanomaly.evaluation.report;

import java.nio.file.Path;

/**
 * Writes {@link SampleReports#realistic()} with the real {@link ReportWriter}, for the browser
 * test ({@code src/test/browser}). Usage: {@code ReportFixture <directory>}.
 */
public final class ReportFixture {
    private ReportFixture() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: ReportFixture <directory>");
            System.exit(2);
        }
        Path html = new ReportWriter().write(SampleReports.realistic(), Path.of(args[0]));
        System.out.println(html.toAbsolutePath());
    }
}
