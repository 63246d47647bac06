package io.fleetanomaly.evaluation.metrics;

/** A ROC curve point: the rates when every score {@code >= threshold} is flagged. */
public record RocPoint(double threshold, double falsePositiveRate, double truePositiveRate) implements CurvePoint {
    @Override
    public double x() {
        return falsePositiveRate;
    }

    @Override
    public double y() {
        return truePositiveRate;
    }
}
