package io.fleetanomaly.evaluation.quality;

import io.fleetanomaly.evaluation.metrics.RankingMetrics;
import io.fleetanomaly.evaluation.metrics.SweepRow;

/**
 * One detector's per-event score (or the fused score) against the labels: ranking quality
 * (ROC-AUC, PR-AUC) and the confusion at its best-F1 threshold (an event is flagged when its score
 * reaches the threshold). The score samples feed the distribution charts.
 */
public record DetectorQuality(
        String name,
        RankingMetrics ranking,
        SweepRow bestF1,
        double[] normalScores,
        double[] anomalousScores) {}
