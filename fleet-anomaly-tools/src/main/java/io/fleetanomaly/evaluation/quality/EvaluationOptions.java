package io.fleetanomaly.evaluation.quality;

import io.fleetanomaly.evaluation.metrics.AnomalyWindows;
import java.time.Duration;

/**
 * How a replay is scored: the NAB windows (width and placement around each changepoint), the grace
 * period of the detection delay, the costs of the cost-weighted operating point, and how many
 * thresholds the per-detector sweeps try.
 */
public record EvaluationOptions(
        Duration nabWindow,
        AnomalyWindows.Placement nabPlacement,
        Duration grace,
        double costMissed,
        double costFalseAlarm,
        int scoreThresholds) {

    public static final Duration DEFAULT_NAB_WINDOW = Duration.ofSeconds(60);
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(60);
    public static final int DEFAULT_SCORE_THRESHOLDS = 200;

    public EvaluationOptions {
        if (nabWindow.isNegative() || nabWindow.isZero()) {
            throw new IllegalArgumentException("NAB window must be positive, got " + nabWindow);
        }
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must be >= 0, got " + grace);
        }
        if (!(costMissed >= 0) || !(costFalseAlarm >= 0) || costMissed + costFalseAlarm == 0) {
            throw new IllegalArgumentException("costs must be >= 0 and not both 0, got missed " + costMissed
                    + ", false alarm " + costFalseAlarm);
        }
        if (scoreThresholds < 2) {
            throw new IllegalArgumentException("score thresholds must be >= 2, got " + scoreThresholds);
        }
    }

    /** A 60 s NAB window to the right of each changepoint (SKAB's protocol), 60 s grace, equal costs. */
    public static EvaluationOptions defaults() {
        return new EvaluationOptions(DEFAULT_NAB_WINDOW, AnomalyWindows.Placement.RIGHT, DEFAULT_GRACE, 1, 1,
                DEFAULT_SCORE_THRESHOLDS);
    }

    public EvaluationOptions withCosts(double missed, double falseAlarm) {
        return new EvaluationOptions(nabWindow, nabPlacement, grace, missed, falseAlarm, scoreThresholds);
    }

    public EvaluationOptions withGrace(Duration value) {
        return new EvaluationOptions(nabWindow, nabPlacement, value, costMissed, costFalseAlarm, scoreThresholds);
    }

    public EvaluationOptions withNabWindow(Duration width, AnomalyWindows.Placement placement) {
        return new EvaluationOptions(width, placement, grace, costMissed, costFalseAlarm, scoreThresholds);
    }
}
