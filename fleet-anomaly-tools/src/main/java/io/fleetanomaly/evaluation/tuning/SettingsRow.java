package io.fleetanomaly.evaluation.tuning;

import io.fleetanomaly.evaluation.metrics.ConfusionMatrix;
import io.fleetanomaly.evaluation.metrics.SweepRow;
import io.fleetanomaly.alerting.AlertSettings;
import java.util.Objects;

/** One operating point of an alert-settings sweep: the settings replayed and the confusion they give. */
public record SettingsRow(AlertSettings settings, ConfusionMatrix matrix) {
    public SettingsRow {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(matrix, "matrix");
    }

    /** As a metrics-package row, with the decision interval h as its threshold. */
    public SweepRow toSweepRow() {
        return new SweepRow(settings.h(), matrix);
    }
}
