package io.fleetanomaly.evaluation.report;

/** Cost of one false positive and of one false negative, for the cost-weighted threshold. */
public record CostWeights(double falsePositive, double falseNegative) {
    public CostWeights {
        if (!(falsePositive >= 0) || !(falseNegative >= 0)) {
            throw new IllegalArgumentException("costs must be non-negative numbers");
        }
    }
}
