package io.fleetanomaly.evaluation.tuning;

import io.fleetanomaly.evaluation.metrics.SweepRow;
import io.fleetanomaly.evaluation.metrics.ThresholdSweep;
import io.fleetanomaly.alerting.AlertSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Alert-threshold sweeps by replaying the job's alerting ({@link AlertReplay}) once per setting: an
 * event is predicted anomalous while its device has an alert open. Rows feed the metrics package's
 * selections ({@link ThresholdSweep#bestF1}, {@link ThresholdSweep#minCost}), with h as the threshold
 * (larger h, fewer alarms).
 */
public final class CusumSweep {
    private CusumSweep() {}

    /** One row per decision interval h (ascending, duplicates dropped), the rest of {@code base} fixed. */
    public static List<SweepRow> sweepH(FleetScores scores, AlertSettings base, double... h) {
        return sweep(scores, AlertGrid.overH(base, h)).stream().map(SettingsRow::toSweepRow).toList();
    }

    /** One row per setting of the grid, in the grid's order ({@link AlertGrid#variants()}, flattened). */
    public static List<SettingsRow> sweep(FleetScores scores, AlertGrid grid) {
        List<SettingsRow> rows = new ArrayList<>(grid.size());
        for (List<AlertSettings> overH : grid.variants()) {
            for (AlertSettings settings : overH) {
                rows.add(new SettingsRow(settings, AlertReplay.confusion(scores, settings)));
            }
        }
        return Collections.unmodifiableList(rows);
    }

    /**
     * The row with the highest F1 ({@link ThresholdSweep#bestF1} on the rows as {@link SweepRow}s:
     * among equal F1 the highest h; among rows equal in both, the first).
     */
    public static Optional<SettingsRow> bestF1(List<SettingsRow> rows) {
        List<SweepRow> projected = project(rows);
        return ThresholdSweep.bestF1(projected).map(chosen -> rows.get(indexOf(projected, chosen)));
    }

    /**
     * The row with the lowest {@code costMissed × FN + costFalseAlarm × FP} ({@link ThresholdSweep#minCost}:
     * among equal costs the highest h; among rows equal in both, the first).
     */
    public static Optional<SettingsRow> minCost(List<SettingsRow> rows, double costMissed, double costFalseAlarm) {
        List<SweepRow> projected = project(rows);
        return ThresholdSweep.minCost(projected, costMissed, costFalseAlarm)
                .map(chosen -> rows.get(indexOf(projected, chosen)));
    }

    static List<SweepRow> project(List<SettingsRow> rows) {
        List<SweepRow> projected = new ArrayList<>(rows.size());
        for (SettingsRow row : rows) {
            projected.add(row.toSweepRow());
        }
        return projected;
    }

    /** Position of the very object a selection returned (rows equal in value may repeat). */
    static int indexOf(List<SweepRow> rows, SweepRow chosen) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i) == chosen) {
                return i;
            }
        }
        throw new IllegalStateException("selected row is not in the list");
    }
}
