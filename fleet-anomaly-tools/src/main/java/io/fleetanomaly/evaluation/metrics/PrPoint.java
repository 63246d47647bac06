package io.fleetanomaly.evaluation.metrics;

/**
 * A precision-recall curve point: flagging every score {@code >= threshold}. The curve's last point,
 * (recall 0, precision 1), has no threshold of its own: its threshold is {@code +Infinity}.
 */
public record PrPoint(double threshold, double recall, double precision) implements CurvePoint {
    @Override
    public double x() {
        return recall;
    }

    @Override
    public double y() {
        return precision;
    }
}
