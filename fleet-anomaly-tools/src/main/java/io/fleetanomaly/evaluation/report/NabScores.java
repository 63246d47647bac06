package io.fleetanomaly.evaluation.report;

/**
 * Numenta Anomaly Benchmark scores (normalised, 100 = perfect, 0 = the null detector) under its
 * three application profiles.
 */
public record NabScores(double standard, double rewardLowFp, double rewardLowFn) {
}
