package io.fleetanomaly.detectors.iforest;

import java.util.Random;

final class SyntheticData {
    private SyntheticData() {}

    /** n points of N(mean, I) in the given dimensions. */
    static double[][] gaussian(int n, int dimensions, double mean, Random random) {
        double[][] rows = new double[n][dimensions];
        for (double[] row : rows) {
            for (int d = 0; d < dimensions; d++) {
                row[d] = mean + random.nextGaussian();
            }
        }
        return rows;
    }

    /**
     * Area under the ROC curve of scores for anomalies against normals, by ranks (Mann-Whitney U):
     * the probability that a random anomaly scores above a random normal point, ties counting half.
     */
    static double auc(double[] normalScores, double[] anomalyScores) {
        double favourablePairs = 0.0;
        for (double anomaly : anomalyScores) {
            for (double normal : normalScores) {
                if (anomaly > normal) {
                    favourablePairs += 1.0;
                } else if (anomaly == normal) {
                    favourablePairs += 0.5;
                }
            }
        }
        return favourablePairs / ((double) normalScores.length * anomalyScores.length);
    }
}
