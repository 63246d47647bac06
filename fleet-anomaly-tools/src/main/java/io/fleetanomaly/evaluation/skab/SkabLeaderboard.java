package io.fleetanomaly.evaluation.skab;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * SKAB's published leaderboards (outlier detection on the test parts; changepoint detection with
 * NAB, standard profile), as printed in SKAB's README (v0.9), with a row of ours inserted.
 */
public final class SkabLeaderboard {
    /** One published outlier-detection row: F1, FAR and MAR in percent. */
    public record OutlierRow(String algorithm, double f1, double farPercent, double marPercent) {}

    /** One published changepoint row: NAB standard score. */
    public record ChangepointRow(String algorithm, double nabStandard) {}

    public static final List<OutlierRow> OUTLIER_DETECTION = List.of(
            new OutlierRow("Conv-AE", 0.78, 13.55, 28.02),
            new OutlierRow("MSET", 0.78, 39.73, 14.13),
            new OutlierRow("T-squared + Q (PCA)", 0.76, 26.62, 24.92),
            new OutlierRow("LSTM-AE", 0.74, 29.96, 25.92),
            new OutlierRow("T-squared (Hotelling)", 0.66, 19.21, 42.60),
            new OutlierRow("LSTM-VAE", 0.56, 9.13, 55.03),
            new OutlierRow("Vanilla LSTM", 0.54, 12.54, 59.53),
            new OutlierRow("Vanilla AE", 0.39, 2.59, 75.15),
            new OutlierRow("MSCRED", 0.36, 49.94, 69.88),
            new OutlierRow("Isolation forest", 0.29, 2.56, 82.89));

    public static final List<ChangepointRow> CHANGEPOINT_NAB_STANDARD = List.of(
            new ChangepointRow("MSCRED", 32.42),
            new ChangepointRow("Isolation forest", 26.16),
            new ChangepointRow("T-squared + Q (PCA)", 25.35),
            new ChangepointRow("Conv-AE", 23.61),
            new ChangepointRow("LSTM-AE", 23.51),
            new ChangepointRow("T-squared (Hotelling)", 19.54),
            new ChangepointRow("MSET", 13.84));

    private SkabLeaderboard() {}

    /** The outlier-detection table, ordered by F1, with our rows marked. */
    public static void printOutliers(PrintStream out, List<OutlierRow> ours) {
        List<OutlierRow> rows = new ArrayList<>(OUTLIER_DETECTION);
        rows.addAll(ours);
        rows.sort(Comparator.comparingDouble(OutlierRow::f1).reversed());
        out.println("SKAB outlier detection (published leaderboard, test parts; ours marked with *)");
        out.println("  algorithm                                      F1     FAR %    MAR %");
        for (OutlierRow r : rows) {
            out.printf(Locale.ROOT, "%s %-44s  %.3f  %6.2f   %6.2f%n", ours.contains(r) ? "*" : " ", r.algorithm(), r.f1(),
                    r.farPercent(), r.marPercent());
        }
    }

    /** The changepoint table (NAB standard), ordered by score, with {@code ours} marked. */
    public static void printChangepoints(PrintStream out, ChangepointRow ours) {
        List<ChangepointRow> rows = new ArrayList<>(CHANGEPOINT_NAB_STANDARD);
        rows.add(ours);
        rows.sort(Comparator.comparingDouble(ChangepointRow::nabStandard).reversed());
        out.println("SKAB changepoint detection, NAB standard profile (published; ours: alert openings, 60 s window"
                + " right of each changepoint)");
        for (ChangepointRow r : rows) {
            out.printf(Locale.ROOT, "%s %-44s  %6.2f%n", r == ours ? "*" : " ", r.algorithm(), r.nabStandard());
        }
    }
}
